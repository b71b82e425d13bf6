using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Alerts;

/// <summary>Alert rules and channels for Admins and Operators; changes are audited.</summary>
public sealed partial class AlertService(BridgeDbContext db, SecretProtector secrets, AuditLog audit, IEnumerable<IAlertCondition> conditions, TimeProvider clock)
{
    public IReadOnlyList<IAlertCondition> Conditions { get; } = [.. conditions];

    public async Task<List<AlertChannelView>> ChannelsAsync(CancellationToken cancellationToken) =>
        [.. (await db.AlertChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken))
            .Select(c => new AlertChannelView(c.Id, c.Name, c.Kind, AlertChannelSettings.Target(c), c.ProtectedSecret is not null))];

    public Task<List<AlertRule>> RulesAsync(CancellationToken cancellationToken) =>
        db.AlertRules.AsNoTracking().Include(r => r.Channel).OrderBy(r => r.Name).ToListAsync(cancellationToken);

    public Task<List<AlertIncident>> IncidentsAsync(int take, CancellationToken cancellationToken) =>
        db.AlertIncidents.AsNoTracking().Include(i => i.Rule).OrderByDescending(i => i.Id).Take(take).ToListAsync(cancellationToken);

    private static void Demand(Actor actor)
    {
        if (!actor.CanCreate)
        {
            throw new AccessDeniedException("Only Admins and Operators manage alerts.");
        }
    }
}
