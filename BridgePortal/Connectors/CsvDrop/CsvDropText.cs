namespace BridgePortal.Connectors.CsvDrop;

/// <summary>Text bound for the processing log's columns.</summary>
public static class CsvDropText
{
    // NUL never reaches a text column: PostgreSQL refuses it (22021) and the whole log write would fail.
    public static string? Truncate(string? text, int max) =>
        string.IsNullOrEmpty(text) ? null : (text.Length > max ? text[..(max - 1)] + "…" : text).Replace('\0', '?');
}
