using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BridgePortal.Engine;

/// <summary>Tells "the database cannot be reached" (fail the whole group at once) from "this data was refused" (retry alone).</summary>
internal static class IntakeFailures
{
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState == "53300",
        NpgsqlException => true, // not a server error: the connection itself failed
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 10 or 13 or 14, // BUSY, LOCKED, IOERR, FULL, CANTOPEN
        SocketException or TimeoutException or OperationCanceledException => true,
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };
}
