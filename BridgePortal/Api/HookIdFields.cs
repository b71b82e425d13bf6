namespace BridgePortal.Api;

/// <summary>Which field of each sender's payload the natural id comes from, to name it when an id is refused.</summary>
public static class HookIdFields
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Kobo"] = "_uuid / _id",
        ["CommCareForms"] = "id (the form id)",
        ["SalesforceRecords"] = "Id (with attributes.type)",
        ["GitHubWebhook"] = "commits[].id, issue.id or pull_request.id",
        ["TaigaWebhook"] = "data.id",
        ["SheetsWebhook"] = "rows[].row_id",
        ["StandardWebhook"] = "the webhook-id header",
    };

    public static string For(string sourceKind) => Fields.GetValueOrDefault(sourceKind, "the sender's id field");
}
