namespace BridgePortal.Connectors.PostgreSql;

/// <summary>
/// The SQL of the four survey tables (docs/commcare-surveys.md). Writes are set-based: each statement takes a
/// whole batch as arrays (<c>unnest</c>), so a delivery batch costs a handful of round trips.
/// </summary>
public static class SurveyTables
{
    public static string Create(SurveySinkSettings s) => $"""
        CREATE SCHEMA IF NOT EXISTS "{s.Schema}";
        CREATE TABLE IF NOT EXISTS {s.Table("wetmills")} (
            case_id text PRIMARY KEY,
            wetmill_name text,
            cooperative_name text,
            office_phone text,
            manager_name text,
            manager_phone text,
            village text,
            district text,
            latitude double precision,
            longitude double precision,
            altitude double precision,
            accuracy double precision,
            registered_at timestamptz,
            registered_by text,
            form_id text NOT NULL,
            xmlns text,
            received_on timestamptz,
            raw jsonb NOT NULL,
            revision integer NOT NULL DEFAULT 1,
            stored_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS {s.Table("form_visits")} (
            form_id text PRIMARY KEY,
            xmlns text,
            form_name text,
            wetmill_case_id text NOT NULL,
            user_id text,
            username text,
            time_start timestamptz,
            time_end timestamptz,
            received_on timestamptz,
            raw jsonb NOT NULL,
            answers_digest text NOT NULL,
            revision integer NOT NULL DEFAULT 1,
            stored_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS form_visits_wetmill_case_id ON {s.Table("form_visits")} (wetmill_case_id);
        CREATE TABLE IF NOT EXISTS {s.Table("survey_responses")} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            form_id text NOT NULL UNIQUE,
            xmlns text,
            survey_name text,
            wetmill_case_id text NOT NULL,
            user_id text,
            started_at timestamptz,
            submitted_at timestamptz,
            received_on timestamptz,
            answer_count integer NOT NULL,
            stored_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS {s.Table("survey_question_responses")} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            response_id bigint NOT NULL REFERENCES {s.Table("survey_responses")} (id) ON DELETE CASCADE,
            form_id text NOT NULL,
            question_path text NOT NULL,
            question text NOT NULL,
            position integer NOT NULL,
            value_type text NOT NULL CHECK (value_type IN ('text', 'number', 'boolean', 'date', 'datetime', 'gps')),
            value_text text NOT NULL,
            value_number numeric,
            value_boolean boolean,
            value_date date,
            value_timestamp timestamptz,
            latitude double precision,
            longitude double precision,
            altitude double precision,
            accuracy double precision,
            UNIQUE (form_id, question_path));
        CREATE INDEX IF NOT EXISTS survey_question_responses_response_id ON {s.Table("survey_question_responses")} (response_id);
        CREATE INDEX IF NOT EXISTS survey_question_responses_question_path ON {s.Table("survey_question_responses")} (question_path);
        """;

    /// <summary>
    /// Upserts wet mills by case id. A row changes only when the form's JSON did and the form is not older than the
    /// one stored (CommCare may forward an earlier registration after a later one).
    /// </summary>
    public static string UpsertWetMills(SurveySinkSettings s) => $"""
        INSERT INTO {s.Table("wetmills")} AS t (case_id, wetmill_name, cooperative_name, office_phone, manager_name, manager_phone, village, district,
            latitude, longitude, altitude, accuracy, registered_at, registered_by, form_id, xmlns, received_on, raw, stored_at, updated_at)
        SELECT case_id, wetmill_name, cooperative_name, office_phone, manager_name, manager_phone, village, district,
            latitude, longitude, altitude, accuracy, registered_at, registered_by, form_id, xmlns, received_on, raw::jsonb, $19, $19
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
            $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::timestamptz[], $14::text[], $15::text[], $16::text[], $17::timestamptz[], $18::text[])
            AS u(case_id, wetmill_name, cooperative_name, office_phone, manager_name, manager_phone, village, district,
                latitude, longitude, altitude, accuracy, registered_at, registered_by, form_id, xmlns, received_on, raw)
        ORDER BY case_id
        ON CONFLICT (case_id) DO UPDATE SET
            wetmill_name = excluded.wetmill_name, cooperative_name = excluded.cooperative_name, office_phone = excluded.office_phone,
            manager_name = excluded.manager_name, manager_phone = excluded.manager_phone, village = excluded.village, district = excluded.district,
            latitude = excluded.latitude, longitude = excluded.longitude, altitude = excluded.altitude, accuracy = excluded.accuracy,
            registered_at = excluded.registered_at, registered_by = excluded.registered_by, form_id = excluded.form_id, xmlns = excluded.xmlns,
            received_on = excluded.received_on, raw = excluded.raw, revision = t.revision + 1, updated_at = excluded.updated_at
        WHERE t.raw IS DISTINCT FROM excluded.raw
          AND (t.received_on IS NULL OR excluded.received_on IS NULL OR excluded.received_on >= t.received_on)
        """;

    /// <summary>Upserts visits by form id; returns the ids of new and changed ones (an identical re-forward returns nothing).</summary>
    public static string UpsertVisits(SurveySinkSettings s) => $"""
        INSERT INTO {s.Table("form_visits")} AS t (form_id, xmlns, form_name, wetmill_case_id, user_id, username, time_start, time_end, received_on, raw, answers_digest, stored_at, updated_at)
        SELECT form_id, xmlns, form_name, wetmill_case_id, user_id, username, time_start, time_end, received_on, raw::jsonb, answers_digest, $12, $12
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[])
            AS u(form_id, xmlns, form_name, wetmill_case_id, user_id, username, time_start, time_end, received_on, raw, answers_digest)
        ORDER BY form_id
        ON CONFLICT (form_id) DO UPDATE SET
            xmlns = excluded.xmlns, form_name = excluded.form_name, wetmill_case_id = excluded.wetmill_case_id, user_id = excluded.user_id,
            username = excluded.username, time_start = excluded.time_start, time_end = excluded.time_end, received_on = excluded.received_on,
            raw = excluded.raw, answers_digest = excluded.answers_digest, revision = t.revision + 1, updated_at = excluded.updated_at
        WHERE t.raw IS DISTINCT FROM excluded.raw OR t.answers_digest IS DISTINCT FROM excluded.answers_digest
        RETURNING form_id
        """;

    public static string UpsertResponses(SurveySinkSettings s) => $"""
        INSERT INTO {s.Table("survey_responses")} AS t (form_id, xmlns, survey_name, wetmill_case_id, user_id, started_at, submitted_at, received_on, answer_count, stored_at, updated_at)
        SELECT form_id, xmlns, survey_name, wetmill_case_id, user_id, started_at, submitted_at, received_on, answer_count, $10, $10
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::int[])
            AS u(form_id, xmlns, survey_name, wetmill_case_id, user_id, started_at, submitted_at, received_on, answer_count)
        ORDER BY form_id
        ON CONFLICT (form_id) DO UPDATE SET
            xmlns = excluded.xmlns, survey_name = excluded.survey_name, wetmill_case_id = excluded.wetmill_case_id, user_id = excluded.user_id,
            started_at = excluded.started_at, submitted_at = excluded.submitted_at, received_on = excluded.received_on,
            answer_count = excluded.answer_count, updated_at = excluded.updated_at
        """;

    /// <summary>An edited form's question rows are replaced: its old rows go, the new ones come in (same transaction).</summary>
    public static string DeleteQuestions(SurveySinkSettings s) =>
        $"DELETE FROM {s.Table("survey_question_responses")} WHERE form_id = ANY($1::text[])";

    public static string InsertQuestions(SurveySinkSettings s) => $"""
        INSERT INTO {s.Table("survey_question_responses")} (response_id, form_id, question_path, question, position, value_type, value_text,
            value_number, value_boolean, value_date, value_timestamp, latitude, longitude, altitude, accuracy)
        SELECT r.id, q.form_id, q.question_path, q.question, q.position, q.value_type, q.value_text,
            q.value_number::numeric, q.value_boolean, q.value_date, q.value_timestamp, q.latitude, q.longitude, q.altitude, q.accuracy
        FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::date[], $10::timestamptz[],
            $11::float8[], $12::float8[], $13::float8[], $14::float8[])
            AS q(form_id, question_path, question, position, value_type, value_text, value_number, value_boolean, value_date, value_timestamp,
                latitude, longitude, altitude, accuracy)
        JOIN {s.Table("survey_responses")} r ON r.form_id = q.form_id
        """;
}
