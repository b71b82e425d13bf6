namespace BridgePortal.Connectors.CsvDrop;

/// <summary>A row (or a whole file, <see cref="Line"/> 0) that could not be used, with the reason.</summary>
public sealed record CsvProblem(string File, int Line, string Message, string? EmployeeId = null)
{
    public override string ToString() => Line > 0 ? $"{File} line {Line}: {Message}" : $"{File}: {Message}";
}
