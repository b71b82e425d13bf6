using System.Text.Json;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>
/// The bridge's source cursor for a drop folder: the last batch number, whether it is still open (sent, not yet
/// confirmed) and the files it holds by content hash. It is committed with the batch's records in one
/// transaction, so after a crash the next run knows exactly which files belong to the open batch.
/// </summary>
public sealed record CsvDropCursor(int Batch, bool Open, IReadOnlyList<CsvDropCursor.BatchFile> Files, IReadOnlyDictionary<string, string>? Unreadable = null)
{
    public static CsvDropCursor Parse(string? json)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) ? Empty : JsonSerializer.Deserialize<CsvDropCursor>(json) ?? Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    public static CsvDropCursor Empty { get; } = new(0, false, []);

    public string Module => ModuleOf(Batch);

    public static string ModuleOf(int batch) => $"csv-batch-{batch}";

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>One file of the batch: its name and content hash (moved only if it still holds that content).</summary>
    public sealed record BatchFile(string Name, string Sha256);
}
