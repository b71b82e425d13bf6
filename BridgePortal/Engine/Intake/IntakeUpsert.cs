namespace BridgePortal.Engine;

/// <summary>The part of the upsert both providers share: what changed content resets.</summary>
internal static class IntakeUpsert
{
    public const string Columns = """("BridgeId", "NaturalId", "Module", "Payload", "ContentHash", "Version", "Status", "Attempts", "ReceivedAt")""";

    // New content is a new version: Pending again with a fresh retry budget; the same content changes nothing.
    public const string OnConflict = """
        ON CONFLICT ("BridgeId", "NaturalId") DO UPDATE SET
            "Module" = excluded."Module", "Payload" = excluded."Payload", "ContentHash" = excluded."ContentHash",
            "Version" = "Records"."Version" + 1, "Status" = 0, "Attempts" = 0, "NextAttemptAt" = NULL,
            "LeaseUntil" = NULL, "LastError" = NULL, "ReceivedAt" = excluded."ReceivedAt", "DeliveredAt" = NULL, "LatencyMs" = NULL
        WHERE "Records"."ContentHash" <> excluded."ContentHash"
        RETURNING "Id", "BridgeId", "NaturalId", "Version"
        """;

    public static WrittenRow?[] Match(IReadOnlyList<IntakeRow> rows, List<IntakeIdRow> returned)
    {
        var byKey = returned.ToDictionary(r => (r.BridgeId, r.NaturalId));
        return [.. rows.Select(r => byKey.TryGetValue((r.BridgeId, r.NaturalId), out var w) ? new WrittenRow(w.Id, w.Version ?? 1) : (WrittenRow?)null)];
    }

    public static long[] Order(IReadOnlyList<IntakeRow> rows, List<IntakeIdRow> found)
    {
        var byKey = found.ToDictionary(r => (r.BridgeId, r.NaturalId), r => r.Id);
        return [.. rows.Select(r => byKey[(r.BridgeId, r.NaturalId)])];
    }
}
