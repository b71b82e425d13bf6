using System.Diagnostics;
using BridgePortal.Data.Model;
using Npgsql;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>A PostgreSQL database reached by connection string; the test connects and runs <c>select 1</c>.</summary>
public sealed class PostgreSqlConnectionKind : IConnectionKind
{
    public const string ConnectionString = "ConnectionString";

    public ConnectionKind Kind => ConnectionKind.PostgreSql;

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

    public async Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(data.Secret(ConnectionString)) { Timeout = 10, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return new(true, $"Connected to {connection.Database} on PostgreSQL {connection.ServerVersion}.", (int)watch.ElapsedMilliseconds);
        }
        catch (PostgresException e)
        {
            return new(false, $"Refused: {e.MessageText} ({e.SqlState}).", (int)watch.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return new(false, "Unreachable: " + e.Message, (int)watch.ElapsedMilliseconds);
        }
    }
}
