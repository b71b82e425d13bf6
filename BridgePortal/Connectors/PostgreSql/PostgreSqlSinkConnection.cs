using Npgsql;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>How the PostgreSQL sinks open their target database, and what a batch gets when it cannot be opened.</summary>
public static class PostgreSqlSinkConnection
{
    /// <summary>
    /// An open connection, or the outcome for each record of the batch: a malformed connection string fails
    /// permanently; a refusal or an unreachable server is transient (the engine retries).
    /// </summary>
    public static async Task<(NpgsqlConnection? Connection, Func<long, DeliveryOutcome>? Failure)> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return (connection, null);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            var message = e is PostgresException pg ? $"PostgreSQL refused the connection: {pg.MessageText} ({pg.SqlState})" : "PostgreSQL is unreachable: " + e.Message;
            return (null, e is ArgumentException ? id => DeliveryOutcome.Permanent(id, message) : id => DeliveryOutcome.Transient(id, message));
        }
    }
}
