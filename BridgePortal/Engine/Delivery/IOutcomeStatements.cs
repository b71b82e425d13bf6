using BridgePortal.Data;

namespace BridgePortal.Engine;

/// <summary>The provider's set-based outcome statements; each changes only rows still Delivering at the claimed version.</summary>
internal interface IOutcomeStatements
{
    Task<int> MarkDeliveredAsync(BridgeDbContext db, IReadOnlyList<DeliveredRow> rows, DateTime now, CancellationToken cancellationToken);

    Task<int> MarkFailedAsync(BridgeDbContext db, IReadOnlyList<FailedRow> rows, DateTime now, CancellationToken cancellationToken);
}
