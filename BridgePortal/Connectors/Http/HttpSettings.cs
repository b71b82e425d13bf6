using BridgePortal.Connectors.Abstractions;
namespace BridgePortal.Connectors.Http;

/// <summary>Names of the Http connection's fields and of the Http sink's bridge settings.</summary>
public static class HttpSettings
{
    public const string BaseUrl = "BaseUrl";
    public const string Headers = "Headers";
    public const string SecretHeaders = "SecretHeaders";
    public const string SigningSecret = "SigningSecret";

    /// <summary>Bridge sink setting: path appended to the base URL.</summary>
    public const string Path = "Path";

    /// <summary>Bridge sink setting: <c>PerRecord</c> (default) or <c>Batch</c> (a JSON array per request).</summary>
    public const string Mode = "Mode";

    public static IReadOnlyList<SettingChoice> Modes { get; } =
    [
        new("PerRecord", "Per record (one POST each)"),
        new("Batch", "Batch (one POST of a JSON array)"),
    ];

    public const string BatchSize = "BatchSize";
    public const string TimeoutSeconds = "TimeoutSeconds";

    /// <summary>PerRecord mode: requests in flight at once (default 1 = strict intake order).</summary>
    public const string Parallelism = "Parallelism";

    public const string SignatureHeader = "X-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";
}
