using System.Text.Json;
using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>
/// The downstream notification as its own record. After the document sink has stored documents, it queues one
/// envelope per document (<c>event</c>, <c>prj</c>, <c>quality_model</c>, <c>type</c>, <c>id</c>, <c>revision</c>)
/// into a companion bridge of source kind <see cref="SourceKindName"/> whose sink is the Http connection. That bridge
/// delivers, retries and fails the notifications on its own (the failed page shows them like any record), so a
/// failing notification never re-runs the document's upsert, and the document is never stored twice. Natural id
/// <c>{type}:{id}</c> with the document's revision in the payload: the same document again is no new notification;
/// a changed one is an update.
/// </summary>
public sealed class DocumentNotifications(BridgeDirectory bridges, IServiceScopeFactory scopes)
{
    public const string SourceKindName = "DocumentNotifications";

    public static readonly SourceKind Source = new(
        SourceKindName,
        "Document notifications (queued by a PostgreSQL document bridge)",
        null,
        []);

    /// <summary>Queues one notification per document into the bridge keyed <paramref name="notifyKey"/>; null when done, else why not.</summary>
    public async Task<string?> QueueAsync(Data.Model.Bridge documentBridge, string notifyKey, IReadOnlyList<WebhookDocument.Envelope> documents, CancellationToken cancellationToken)
    {
        var target = await bridges.FindAsync(notifyKey, cancellationToken);
        if (target is null || target.OwnerId != documentBridge.OwnerId || target.SourceKind != SourceKindName)
        {
            return $"No '{Source.DisplayName}' bridge of yours has the key '{notifyKey}': create one (sink: Http) and put its key in 'Notify bridge'.";
        }

        var records = documents.Select(d => new InboundRecord(
            $"{d.Type}:{d.Id}",
            JsonSerializer.Serialize(new
            {
                @event = d.Event,
                prj = d.Prj,
                quality_model = d.QualityModel,
                type = d.Type,
                id = d.Id,
                revision = Intake.Hash(JsonSerializer.Serialize(d))[..16],
            }),
            d.Type)).GroupBy(r => r.NaturalId).Select(g => g.Last()).ToList();
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Intake>().AcceptAsync(target, records, cancellationToken);
        return null;
    }
}
