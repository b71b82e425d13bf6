namespace BridgePortal.Connectors.PostgreSql;

/// <summary>The SQL of one document table: the common schema's fields as typed columns, the whole document as <c>jsonb</c>.</summary>
public static class DocumentTable
{
    public static string Create(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            natural_id text PRIMARY KEY,
            source text NOT NULL,
            event text NOT NULL,
            prj text NOT NULL,
            quality_model text,
            occurred_at timestamptz,
            actor text,
            title text,
            status text,
            url text,
            container text,
            normalised boolean NOT NULL,
            document jsonb NOT NULL,
            revision integer NOT NULL DEFAULT 1,
            stored_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL)
        """;

    /// <summary>The conflict clause both upserts share: a changed document replaces the row and counts a revision.</summary>
    private const string UpdateWhenChanged = """
        ON CONFLICT (natural_id) DO UPDATE SET
            source = excluded.source, event = excluded.event, prj = excluded.prj, quality_model = excluded.quality_model,
            occurred_at = excluded.occurred_at, actor = excluded.actor, title = excluded.title, status = excluded.status,
            url = excluded.url, container = excluded.container, normalised = excluded.normalised, document = excluded.document,
            revision = t.revision + 1, updated_at = excluded.updated_at
        WHERE t.document IS DISTINCT FROM excluded.document
        """;

    /// <summary>Insert, or update only when the document changed (the same document again leaves the row as it is).</summary>
    public static string Upsert(string table) => $"""
        INSERT INTO {table} AS t (natural_id, source, event, prj, quality_model, occurred_at, actor, title, status, url, container, normalised, document, stored_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $14)
        {UpdateWhenChanged}
        """;

    /// <summary>
    /// <see cref="Upsert"/> for many rows in one statement: arrays <c>$1</c>…<c>$13</c> unnested in order, <c>$14</c> the
    /// time. The natural ids must be distinct (ON CONFLICT cannot touch one row twice in a statement).
    /// </summary>
    public static string UpsertMany(string table) => $"""
        INSERT INTO {table} AS t (natural_id, source, event, prj, quality_model, occurred_at, actor, title, status, url, container, normalised, document, stored_at, updated_at)
        SELECT u.natural_id, u.source, u.event, u.prj, u.quality_model, u.occurred_at, u.actor, u.title, u.status, u.url, u.container, u.normalised, u.document::jsonb, $14, $14
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::text[])
            WITH ORDINALITY AS u(natural_id, source, event, prj, quality_model, occurred_at, actor, title, status, url, container, normalised, document, n)
        ORDER BY u.n
        {UpdateWhenChanged}
        """;
}
