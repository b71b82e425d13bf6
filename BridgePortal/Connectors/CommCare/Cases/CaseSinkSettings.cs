namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>Setting names of the CommCare cases sink (the keys stored on bridges since the sink existed).</summary>
public static class CaseSinkSettings
{
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
