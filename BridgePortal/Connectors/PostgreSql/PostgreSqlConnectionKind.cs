using BridgePortal.Data.Model;
using Npgsql;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>A PostgreSQL database reached by connection string; the test connects and runs <c>select 1</c>.</summary>
public sealed class PostgreSqlConnectionKind : IConnectionKind
{
    public const string ConnectionString = "ConnectionString";

    public static readonly ConnectionKind Kind = new("PostgreSql");

    ConnectionKind IConnectionKind.Kind => Kind;

    public string DisplayName => "PostgreSQL database";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(ConnectionString, "Connection string", Secret: true, Required: true, Help: "Host=…;Port=5432;Database=…;Username=…;Password=… — encrypted, never shown back"),
    ];

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        if (data.Secret(ConnectionString) is not { } cs)
        {
            errors[ConnectionString] = "Connection string is required.";
            return errors;
        }

        try
        {
            if (string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(cs).Host))
            {
                errors[ConnectionString] = "The connection string names no Host.";
            }
        }
        catch (ArgumentException e)
        {
            errors[ConnectionString] = "Not a valid PostgreSQL connection string: " + e.Message;
        }

        return errors;
    }

    // Npgsql's own connect timeout (10 s) bounds the test, so the probe adds no time limit of its own.
    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken) =>
        ConnectionProbe.RunAsync(async token =>
        {
            var builder = new NpgsqlConnectionStringBuilder(data.Secret(ConnectionString)) { Timeout = 10, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(token);
            return ProbeOutcome.Ok($"Connected to {connection.Database} on PostgreSQL {connection.ServerVersion}.");
        }, Timeout.InfiniteTimeSpan, e => e switch
        {
            PostgresException refused => $"Refused: {refused.MessageText} ({refused.SqlState}).",
            NpgsqlException or ArgumentException or TimeoutException or System.Net.Sockets.SocketException => "Unreachable: " + e.Message,
            _ => null,
        }, cancellationToken);
}
