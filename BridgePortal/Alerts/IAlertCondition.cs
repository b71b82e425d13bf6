using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;

namespace BridgePortal.Alerts;

/// <summary>One subject for which a rule's condition holds now.</summary>
public sealed record AlertFinding(string SubjectKey, Guid? BridgeId, string Summary);

/// <summary>
/// One kind of alert rule. A kind is one small class: it says, from the database, which subjects are in
/// trouble right now; the evaluator turns that into incidents that open once and resolve once.
/// </summary>
public interface IAlertCondition
{
    /// <summary>Stable key stored in <see cref="AlertRule.Kind"/>.</summary>
    string Kind { get; }

    /// <summary>Label for the rules page, with the threshold's meaning, e.g. "Records failed (at least N)".</summary>
    string Title { get; }

    Task<IReadOnlyList<AlertFinding>> EvaluateAsync(BridgeDbContext db, AlertRule rule, DateTime now, CancellationToken cancellationToken);
}
