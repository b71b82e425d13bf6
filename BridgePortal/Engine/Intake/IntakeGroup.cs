using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// Writes one group of intake requests in one transaction. Rows go in "layers": the first occurrence of each
/// (bridge, natural id) in the group, then the second, and so on, so that one statement never touches a row
/// twice and the later content of a repeated id wins as an update, as if the requests had come one by one.
/// </summary>
internal static class IntakeGroup
{
    private const int StatementRows = 1000;

    public static async Task<IReadOnlyList<IReadOnlyList<IntakeResult>>> WriteAsync(BridgeDbContext db, IIntakeStatements statements, List<IntakeRequest> group, DateTime now, CancellationToken cancellationToken)
    {
        var results = group.Select(r => new IntakeResult[r.Records.Count]).ToArray();
        var layers = Layer(group);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var layer in layers)
        {
            foreach (var chunk in layer.Chunk(StatementRows))
            {
                var rows = chunk.Select(p => Row(group, p)).ToList();
                var written = await statements.UpsertAsync(db, rows, now, cancellationToken);
                var unknown = new List<int>();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var (request, index) = chunk[i];
                    if (written[i] is { } w)
                    {
                        results[request][index] = new(w.Id, rows[i].NaturalId, w.Version == 1 ? IntakeDisposition.Accepted : IntakeDisposition.Updated);
                    }
                    else
                    {
                        unknown.Add(i);
                    }
                }

                if (unknown.Count > 0)
                {
                    var ids = await statements.FindIdsAsync(db, [.. unknown.Select(i => rows[i])], cancellationToken);
                    for (var k = 0; k < unknown.Count; k++)
                    {
                        var (request, index) = chunk[unknown[k]];
                        results[request][index] = new(ids[k], rows[unknown[k]].NaturalId, IntakeDisposition.Unchanged);
                    }
                }
            }
        }

        foreach (var request in group.Where(r => r.Cursor is not null))
        {
            await db.Bridges.Where(b => b.Id == request.Bridge.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.SourceCursor, request.Cursor), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    private static IntakeRow Row(List<IntakeRequest> group, (int Request, int Index) at)
    {
        var request = group[at.Request];
        var record = request.Records[at.Index];
        return new(request.Bridge.Id, record.NaturalId, record.Module, record.Payload, Intake.Hash(record.Payload));
    }

    private static List<List<(int Request, int Index)>> Layer(List<IntakeRequest> group)
    {
        var layers = new List<List<(int, int)>>();
        var seen = new Dictionary<(Guid, string), int>();
        for (var r = 0; r < group.Count; r++)
        {
            var bridgeId = group[r].Bridge.Id;
            for (var i = 0; i < group[r].Records.Count; i++)
            {
                var key = (bridgeId, group[r].Records[i].NaturalId);
                var depth = seen.GetValueOrDefault(key);
                seen[key] = depth + 1;
                if (depth == layers.Count)
                {
                    layers.Add([]);
                }

                layers[depth].Add((r, i));
            }
        }

        return layers;
    }
}
