namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// One duty-status change as a record's payload: from the CSV source, or from the auto clean-up
/// (<see cref="Clear"/>: empty the on-duty field of the user's confirmed write number <see cref="Write"/>, whose
/// on-duty timestamp was <see cref="Timestamp"/>).
/// </summary>
public sealed record DutyChange(string EmployeeId, string? Username, bool OnDuty, DateTime Timestamp, string? File, int? Line, bool Clear = false, int Write = 0);
