namespace BridgePortal.Tests.Connectors.Salesforce;

// What a test sets up or reads in the fake org: its records, validation rules, required fields, expired sessions
// and injected failures.
public sealed partial class FakeSalesforce
{
    /// <summary>The records of <paramref name="sobject"/>.</summary>
    public IReadOnlyList<FakeSObject> Records(string sobject)
    {
        lock (gate)
        {
            return tables.TryGetValue(sobject, out var table) ? [.. table.Values] : [];
        }
    }

    public FakeSObject? Find(string sobject, string externalId)
    {
        lock (gate)
        {
            return tables.TryGetValue(sobject, out var table) ? table.GetValueOrDefault(externalId) : null;
        }
    }

    /// <summary>A validation rule: a record of <paramref name="sobject"/> whose <paramref name="field"/> is <paramref name="value"/> fails with FIELD_CUSTOM_VALIDATION_EXCEPTION.</summary>
    public void AddValidationRule(string sobject, string field, string value, string message)
    {
        lock (gate)
        {
            rules.Add((sobject, field, value, message));
        }
    }

    /// <summary>A new record of <paramref name="sobject"/> without <paramref name="field"/> fails with REQUIRED_FIELD_MISSING.</summary>
    public void RequireField(string sobject, string field)
    {
        lock (gate)
        {
            required.Add((sobject, field));
        }
    }

    /// <summary>Every session issued so far is now invalid: the next call with one answers 401 INVALID_SESSION_ID.</summary>
    public void ExpireSessions()
    {
        lock (gate)
        {
            sessions.Clear();
        }
    }

    /// <summary>Expires every session once <paramref name="calls"/> more upsert calls have been answered.</summary>
    public void ExpireSessionsAfterUpserts(int calls) => Volatile.Write(ref expireAfterCalls, UpsertCalls + calls);

    /// <summary>The next <paramref name="count"/> upsert calls (with a valid session) answer <paramref name="status"/> and change nothing.</summary>
    public void FailNext(int count, int status = 503, string? body = null)
    {
        lock (gate)
        {
            failCount = count;
            failStatus = status;
            failBody = body ?? failBody;
        }
    }
}
