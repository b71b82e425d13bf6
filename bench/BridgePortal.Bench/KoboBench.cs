using System.Diagnostics;
using BridgePortal.Connectors;
using BridgePortal.Connectors.EventHubs;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using BridgePortal.Bridges;

namespace BridgePortal.Bench;

/// <summary>
/// Kobo (fake) → Event Hubs (fake) on PostgreSQL: a backlog of submissions, a bridge started through the
/// app's services, and the time until every submission has arrived at the hub once. Reports end-to-end
/// records/s, how fast intake stored them, duplicates, batch sizes and resources.
/// </summary>
public static class KoboBench
{
    public static async Task<object> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        BenchProgram.Progress("starting PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync();
        BenchProgram.Progress($"rendering {options.Submissions} submissions");
        await using var kobo = await BenchKobo.StartAsync(options.Submissions, options.PayloadBytes);
        await using var hub = await BenchHub.StartAsync();
        BenchProgram.Progress("starting the portal");
        await using var portal = BenchPortal.Start(postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Engine:BatchSize"] = (options.EngineBatch ?? 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var (actor, bridgeId) = await CreateBridgeAsync(portal.Services, kobo, hub, options, cancellationToken);

        var sampler = new ResourceSampler(postgres.ConnectionString, postgres.PostmasterPid);
        await sampler.StartAsync();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var started = Stopwatch.GetTimestamp();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BridgeService>().SetStateAsync(actor, bridgeId, BridgeState.Running, cancellationToken);
        }

        long peakWorkingSet = 0;
        double? storedSeconds = null;
        var lastCount = -1L;
        var allDelivered = await BenchProgram.WaitAsync(
            () =>
            {
                peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
                if (storedSeconds is null && StoredCount(postgres.ConnectionString, bridgeId) >= options.Submissions)
                {
                    storedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                }

                return hub.Distinct >= options.Submissions;
            },
            TimeSpan.FromSeconds(Math.Max(60, options.DrainTimeoutSeconds * 4)),
            () =>
            {
                var progress = $"hub has {hub.Distinct}/{options.Submissions} ({hub.Distinct - lastCount} since last)";
                lastCount = hub.Distinct;
                return progress;
            },
            cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (first, last) = hub.Window;
        var resources = await sampler.StopAsync();
        await sampler.DisposeAsync();
        await Task.Delay(500, cancellationToken);
        var records = await BenchProgram.RecordsByStatusAsync(postgres.ConnectionString);

        return new
        {
            benchmark = "BridgePortal Kobo (fake) → Event Hubs (fake), backlog drain",
            parameters = new { options.Submissions, options.PageSize, EngineBatch = options.EngineBatch ?? 1000, options.PayloadBytes, storage = "PostgreSQL", processorCount = Environment.ProcessorCount },
            results = new
            {
                allDelivered,
                delivered = hub.Distinct,
                duplicates = hub.Events - hub.Distinct,
                seconds = Math.Round(elapsed, 2),
                recordsPerSecond = Math.Round(hub.Distinct / elapsed, 0),
                storedAllAfterSeconds = storedSeconds is { } s ? Math.Round(s, 2) : (double?)null,
                intakeRecordsPerSecond = storedSeconds is { } t ? Math.Round(options.Submissions / t, 0) : (double?)null,
                firstEventAfterMs = first == 0 ? (double?)null : Math.Round(Stopwatch.GetElapsedTime(started, first).TotalMilliseconds, 0),
                spanFirstToLastEventSeconds = first == 0 ? (double?)null : Math.Round(Stopwatch.GetElapsedTime(first, last).TotalSeconds, 2),
                hubBatches = hub.Batches,
                eventsPerBatch = hub.Batches == 0 ? 0 : Math.Round((double)hub.Events / hub.Batches, 1),
                largestBatchBytes = hub.MaxBatchBytes,
                koboRequests = kobo.Requests,
                peakWorkingSetMb = peakWorkingSet / (1024 * 1024),
                allocatedMb = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024),
                recordsByStatus = records,
            },
            resources,
            goal = new { recordsPerSecond = 20_000, met = hub.Distinct / elapsed >= 20_000, ratio = Math.Round(hub.Distinct / elapsed / 20_000, 3) },
        };
    }

    private static long StoredCount(string connectionString, Guid bridgeId)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench-sampler" }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""SELECT count(*) FROM "Records" WHERE "BridgeId" = @id""", connection);
        command.Parameters.AddWithValue("id", bridgeId);
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<(Actor Actor, Guid BridgeId)> CreateBridgeAsync(
        IServiceProvider services, BenchKobo kobo, BenchHub hub, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var email = $"bench-admin-{Guid.NewGuid():N}@example.org";
        var created = await provider.GetRequiredService<UserAdministration>().CreateUserAsync(email, $"Bench-{Guid.NewGuid():N}-9aA", BridgeRoles.Admin);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Could not create the bench admin.");
        }

        var user = (await provider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
        var actor = new Actor(await provider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user));
        var connections = provider.GetRequiredService<ConnectionService>();
        var (koboId, koboErrors) = await connections.SaveAsync(actor, null, new ConnectionDraft(
            KoboConnectionKind.Kind, "bench-kobo", new() { [KoboSettings.ServerUrl] = kobo.BaseAddress.ToString() }, new() { [KoboSettings.ApiToken] = BenchKobo.Token }), cancellationToken);
        var (hubId, hubErrors) = await connections.SaveAsync(actor, null, new ConnectionDraft(
            EventHubsConnectionKind.Kind, "bench-hub", new() { [EventHubsSettings.ServiceUrl] = hub.BaseAddress.ToString() },
            new() { [EventHubsSettings.ConnectionString] = hub.ConnectionString }), cancellationToken);
        if (koboId is null || hubId is null)
        {
            throw new InvalidOperationException($"Could not create the connections: {string.Join("; ", koboErrors.Concat(hubErrors).Select(e => e.Value))}");
        }

        var (bridge, _, errors) = await provider.GetRequiredService<BridgeService>().CreateAsync(actor, new BridgeDraft(
            "bench-kobo", KoboSource.SourceKind, koboId, new() { [KoboSettings.AssetUid] = BenchKobo.Asset, [KoboSettings.PageSize] = options.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            EventHubsSink.SinkKind, hubId, [], null), cancellationToken);
        return bridge is null
            ? throw new InvalidOperationException($"Could not create the bridge: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"))}")
            : (actor, bridge.Id);
    }
}
