namespace BridgePortal.Api.V1;

/// <summary>The API's error bodies, all application/problem+json.</summary>
internal static class ApiProblems
{
    public static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Conflict(string detail) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static IResult BadRequest(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    public static IResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "The request has invalid fields");

    /// <summary>Paging arguments, or why they are wrong.</summary>
    public static string? CheckPage(int skip, int take) =>
        skip < 0 ? "skip must be 0 or more." : take is < 1 or > 500 ? "take must be between 1 and 500." : null;
}
