namespace BridgePortal.Connectors.CsvDrop;

/// <summary>One valid row: who, on or off duty, when, and where it was read.</summary>
public sealed record DutyRow(string EmployeeId, bool OnDuty, DateTime Timestamp, string File, int Line);
