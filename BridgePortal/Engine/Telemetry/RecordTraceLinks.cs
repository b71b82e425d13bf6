using System.Collections.Concurrent;
using System.Diagnostics;

namespace BridgePortal.Engine;

/// <summary>
/// Remembers which intake span stored a record, so that each delivery span links back to the requests whose
/// records it carries: delivery runs later, on the engine's own loop, in a trace of its own. In memory and
/// only while spans are recorded; a record delivered by another instance (or after a restart) is still tied
/// to its intake by the record id attributes both spans carry.
/// </summary>
public static class RecordTraceLinks
{
    // Bounded (about 5 MB): past it the map starts afresh, and older records keep their id attribute, not their link.
    private const int Capacity = 100_000;
    // Keyed by bridge too: record ids are per database, and one process may host portals on several (the tests do).
    private static readonly ConcurrentDictionary<(Guid Bridge, long Record), ActivityContext> Contexts = new();

    public static void Remember(Guid bridgeId, IEnumerable<long> recordIds, ActivityContext intake)
    {
        if (Contexts.Count >= Capacity)
        {
            Contexts.Clear();
        }

        foreach (var id in recordIds)
        {
            Contexts[(bridgeId, id)] = intake;
        }
    }

    /// <summary>One link per distinct intake span of the batch's records; every retry links to it again.</summary>
    public static List<ActivityLink> For(Guid bridgeId, IEnumerable<long> recordIds)
    {
        var links = new List<ActivityLink>();
        foreach (var id in recordIds)
        {
            if (Contexts.TryGetValue((bridgeId, id), out var context) && !links.Exists(l => l.Context == context))
            {
                links.Add(new ActivityLink(context));
            }
        }

        return links;
    }
}
