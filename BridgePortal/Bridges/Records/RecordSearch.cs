using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>What the API searches records by: bridge, statuses, natural id and error text (both "contains"), received time range.</summary>
public sealed record RecordQuery(
    Guid? BridgeId = null, IReadOnlyCollection<RecordStatus>? Statuses = null, string? NaturalId = null, string? Error = null, DateTime? From = null, DateTime? To = null);

/// <summary>One record with its payload (null once purged) and its attempts, newest first.</summary>
public sealed record RecordDetail(RecordRow Record, string? Payload, IReadOnlyList<AttemptRow> Attempts);

/// <summary>Record search for the management API, over the records the actor may see; payload and attempts come from <see cref="RecordService"/>.</summary>
public sealed class RecordSearch(BridgeDbContext db, RecordService records)
{
    public async Task<RecordPage> SearchAsync(Actor actor, RecordQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        var matching = Matching(actor, query);
        var total = await matching.CountAsync(cancellationToken);
        var rows = await Rows(matching.OrderByDescending(r => r.Id).Skip(skip).Take(take)).ToListAsync(cancellationToken);
        return new RecordPage(rows, total);
    }

    public async Task<RecordDetail?> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        var row = await Rows(Matching(actor, new RecordQuery()).Where(r => r.Id == id)).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var payload = await records.PayloadAsync(actor, id, cancellationToken);
        var attempts = await records.AttemptsAsync(actor, row.BridgeId, id, 100, cancellationToken);
        return new RecordDetail(row, payload, attempts);
    }

    private IQueryable<RecordRow> Rows(IQueryable<Record> query) =>
        query.Join(db.Bridges, r => r.BridgeId, b => b.Id, (r, b) => new RecordRow(
            r.Id, r.BridgeId, b.Name, r.NaturalId, r.Module, r.Status, r.Attempts, r.LastError, r.ReceivedAt, r.LastAttemptAt, r.DeliveredAt, r.NextAttemptAt));

    private IQueryable<Record> Matching(Actor actor, RecordQuery query)
    {
        var visible = db.Bridges.VisibleTo(actor).Select(b => b.Id);
        var records = db.Records.AsNoTracking().Where(r => visible.Contains(r.BridgeId));
        if (query.BridgeId is { } bridgeId)
        {
            records = records.Where(r => r.BridgeId == bridgeId);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            records = records.Where(r => statuses.Contains(r.Status));
        }

        if (!string.IsNullOrWhiteSpace(query.NaturalId))
        {
            var naturalId = query.NaturalId.Trim();
            records = records.Where(r => r.NaturalId.Contains(naturalId));
        }

        if (!string.IsNullOrWhiteSpace(query.Error))
        {
            // Lower-cased on both sides: SQLite's and PostgreSQL's LIKE differ in case sensitivity.
            var error = query.Error.Trim().ToLowerInvariant();
            records = records.Where(r => r.LastError != null && r.LastError.ToLower().Contains(error));
        }

        if (query.From is { } from)
        {
            records = records.Where(r => r.ReceivedAt >= from);
        }

        if (query.To is { } to)
        {
            records = records.Where(r => r.ReceivedAt < to);
        }

        return records;
    }
}
