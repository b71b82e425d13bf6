namespace BridgePortal.Connectors.CsvDrop;

/// <summary>The rows of one file; <see cref="Unreadable"/> when the file as a whole cannot be read (e.g. missing columns).</summary>
public sealed record ParsedFile(string File, int Entries, IReadOnlyList<DutyRow> Rows, IReadOnlyList<CsvProblem> Problems, string? Unreadable);
