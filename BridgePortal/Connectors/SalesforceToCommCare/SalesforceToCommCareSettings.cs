namespace BridgePortal.Connectors.SalesforceToCommCare;

/// <summary>Setting names of the Salesforce records source and of the CommCare cases sink.</summary>
public static class SalesforceToCommCareSettings
{
    // Source (what Salesforce sends to /hooks/{key})
    public const string Secret = "SalesforceSecret";
    public const string SecretHeader = "SecretHeader";
    public const string DefaultSecretHeader = "X-BridgePortal-Secret";
    public const string ObjectTypes = "ObjectTypes";

    // Sink (CommCare cases)
    public const string CaseMappings = "CaseMappings";
    public const string ParallelSubmissions = "ParallelSubmissions";
    public const string UserId = "CommCareUserId";
    public const int DefaultParallelSubmissions = 4;
    public const int MaxParallelSubmissions = 16;

    /// <summary>The configured parallelism, or the default when unset; null when set but not 1–16.</summary>
    public static int? Parallel(IReadOnlyDictionary<string, string> settings) =>
        settings.GetValueOrDefault(ParallelSubmissions) is not { } text || string.IsNullOrWhiteSpace(text)
            ? DefaultParallelSubmissions
            : int.TryParse(text, out var n) && n is >= 1 and <= MaxParallelSubmissions ? n : null;
}
