namespace BridgePortal.Connectors.PostgreSql;

/// <summary>The <c>form_visits</c> and <c>survey_responses</c> rows of a visit form, and its question rows.</summary>
public sealed record VisitRow(
    string FormId,
    string? Xmlns,
    string? FormName,
    string WetMillCaseId,
    string? UserId,
    string? Username,
    DateTimeOffset? TimeStart,
    DateTimeOffset? TimeEnd,
    DateTimeOffset? ReceivedOn,
    string Raw,
    IReadOnlyList<SurveyAnswer> Answers,
    string Digest);
