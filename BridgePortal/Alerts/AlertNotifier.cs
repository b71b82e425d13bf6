using BridgePortal.Alerts.Channels;
using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Alerts;

/// <summary>
/// Sends each incident's "firing" and then its "resolved" message once. Each send is claimed first (a
/// conditional update of its timestamp), so concurrent evaluations never send twice; a failed send gives
/// the claim back with the reason and is tried again at the next evaluation.
/// </summary>
public sealed class AlertNotifier(BridgeDbContext db, IEnumerable<IAlertSender> senders, SecretProtector secrets, TimeProvider clock, ILogger<AlertNotifier> logger)
{
    public async Task<int> NotifyDueAsync(CancellationToken cancellationToken)
    {
        var due = await db.AlertIncidents.AsNoTracking().Include(i => i.Rule!).ThenInclude(r => r.Channel)
            .Where(i => i.OpenNotifiedAt == null || (i.ResolvedAt != null && i.ResolveNotifiedAt == null))
            .OrderBy(i => i.Id).Take(200).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var incident in due)
        {
            if (incident.OpenNotifiedAt is null)
            {
                if (!await SendOnceAsync(incident, resolved: false, cancellationToken))
                {
                    continue; // "resolved" only ever follows a delivered "firing"
                }

                sent++;
            }

            if (incident.ResolvedAt is not null && await SendOnceAsync(incident, resolved: true, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> SendOnceAsync(AlertIncident incident, bool resolved, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = db.AlertIncidents.Where(i => i.Id == incident.Id);
        var claimed = resolved
            ? await claim.Where(i => i.ResolveNotifiedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolveNotifiedAt, now), cancellationToken)
            : await claim.Where(i => i.OpenNotifiedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.OpenNotifiedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var rule = incident.Rule!;
        var channel = rule.Channel!;
        try
        {
            var sender = senders.First(s => s.Kind == channel.Kind);
            var secret = channel.ProtectedSecret is { } p ? secrets.UnprotectValue(p) : null;
            await sender.SendAsync(channel, secret, new AlertMessage(incident.Id, resolved, rule.Name, rule.Kind, incident.BridgeId, incident.Summary, incident.OpenedAt, incident.ResolvedAt), cancellationToken);
            await claim.ExecuteUpdateAsync(s => s.SetProperty(i => i.NotifyError, (string?)null), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ErrorSentences.IsTransport(e)
                ? $"{channel.Kind} channel '{channel.Name}': could not reach its server ({ErrorSentences.Reason(e)}). Check the channel's host, port and TLS setting."
                : $"{channel.Kind} channel '{channel.Name}': {e.Message.TrimEnd('.')}. Check the channel's settings.";
            logger.LogWarning("Alert notification for incident {IncidentId} failed: {Error}", incident.Id, error);
            error = error.Length > 2000 ? error[..1999] + "…" : error;
            await (resolved
                ? claim.ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolveNotifiedAt, (DateTime?)null).SetProperty(i => i.NotifyError, error), CancellationToken.None)
                : claim.ExecuteUpdateAsync(s => s.SetProperty(i => i.OpenNotifiedAt, (DateTime?)null).SetProperty(i => i.NotifyError, error), CancellationToken.None));
            return false;
        }
    }
}
