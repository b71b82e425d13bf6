using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BridgePortal.Api;

/// <summary>
/// Tells "the database cannot be reached right now" from a bug, so <c>/api</c> and <c>/hooks</c> answer
/// <c>503</c> problem+json with <c>Retry-After</c> (senders retry) instead of a 500 HTML page. Nothing was stored:
/// intake commits before it answers, so a failed commit means the sender must send again.
/// </summary>
public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 30;

    /// <summary>True when <paramref name="exception"/> or one of its inner exceptions says the database is unreachable or busy.</summary>
    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 57P01-03: the server is shutting down / starting; 53300: too many connections; 08xxx: connection exceptions.
                case PostgresException pg when pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" || pg.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return true;
                case NpgsqlException npgsql when npgsql is not PostgresException
                    && (npgsql.InnerException is SocketException or IOException or TimeoutException || npgsql.IsTransient):
                    return true;

                // SQLITE_BUSY (5), SQLITE_LOCKED (6), SQLITE_CANTOPEN (14), SQLITE_IOERR (10).
                case SqliteException sqlite when sqlite.SqliteErrorCode is 5 or 6 or 10 or 14:
                    return true;
            }
        }

        return false;
    }

    /// <summary>An endpoint filter for the API groups: a database outage becomes a 503 with Retry-After.</summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (Is(e) && !context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseUnavailable))
                .LogWarning("{Path} answered 503: the database is unavailable ({Error})", context.HttpContext.Request.Path, e.GetBaseException().Message);
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unavailable",
                detail: $"The portal's database cannot be reached right now; nothing was stored. Send again in {RetryAfterSeconds} s.");
        }
    }
}
