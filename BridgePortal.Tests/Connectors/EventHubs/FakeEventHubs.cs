using System.Collections.Concurrent;
using System.Security.Cryptography;
using BridgePortal.Tests.Fakes;
using Microsoft.AspNetCore.Builder;

namespace BridgePortal.Tests.Connectors.EventHubs;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for an Azure Event Hubs namespace's REST send API. It checks the
/// SAS token of every request (<c>Authorization: SharedAccessSignature sr=…&amp;sig=…&amp;se=…&amp;skn=…</c>), takes
/// single sends (<c>application/atom+xml</c>, optional <c>BrokerProperties</c> header) and batches
/// (<c>application/vnd.microsoft.servicebus.json</c>) on <c>POST /{hub}/messages</c> (also
/// <c>/{hub}/partitions/{id}/messages</c> and <c>/{hub}/publishers/{name}/messages</c>), answers 201, 401, 400,
/// 404 or 413 as the service does, and describes the hub on <c>GET /{hub}</c>.
/// </summary>
public sealed partial class FakeEventHubs : IAsyncDisposable
{
    private const string BatchContentType = "application/vnd.microsoft.servicebus.json";
    private const string ThrottledBody = "<Error><Code>503</Code><Detail>ServerBusy: The request was terminated because the entity is being throttled.</Detail></Error>";

    private WebApplication app = default!;
    private readonly Lock gate = new();
    private readonly List<ReceivedEvent> events = [];
    private readonly ConcurrentQueue<string> requestLog = new();
    private int requests;
    private int rejected;
    private int authFailures;
    private int failCount;
    private int failStatus = 503;
    private string failBody = ThrottledBody;
    private volatile string key;

    private FakeEventHubs(string @namespace, string hub, string keyName, string key)
    {
        Namespace = @namespace;
        Hub = hub;
        KeyName = keyName;
        this.key = key;
    }

    /// <summary>The namespace host the SAS token must be scoped to, e.g. <c>fake-ns.servicebus.windows.net</c>.</summary>
    public string Namespace { get; }

    public string Hub { get; }

    public string KeyName { get; }

    /// <summary>The shared access key tokens are verified with; set it (or <see cref="RotateKey"/>) to make the client's key wrong.</summary>
    public string Key
    {
        get => key;
        set => key = value;
    }

    /// <summary>Where the fake listens, e.g. <c>http://127.0.0.1:PORT/</c>; send to <c>{BaseAddress}{Hub}/messages</c>.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The connection string a client would be given (its endpoint names <see cref="Namespace"/>, not <see cref="BaseAddress"/>).</summary>
    public string ConnectionString => $"Endpoint=sb://{Namespace}/;SharedAccessKeyName={KeyName};SharedAccessKey={Key};EntityPath={Hub}";

    /// <summary>The resource URI tokens must be issued for: <c>https://{Namespace}/{Hub}</c>.</summary>
    public string Resource => $"https://{Namespace}/{Hub}";

    /// <summary>The clock token expiry is checked against.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Largest accepted request body (one event or one batch); larger answers 413.</summary>
    public int MaxBatchBytes { get; set; } = 262144;

    /// <summary>Partition count reported by the hub description.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Delay before answering a POST (to provoke client timeouts); an aborted request stores nothing.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every event accepted, in arrival order.</summary>
    public IReadOnlyList<ReceivedEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    /// <summary>Accepted (201) POSTs.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>POSTs answered with anything but 201 (auth failures, 400, 404, 413, injected failures).</summary>
    public int Rejected => Volatile.Read(ref rejected);

    /// <summary>Requests (POST or GET) whose SAS token did not verify.</summary>
    public int AuthFailures => Volatile.Read(ref authFailures);

    /// <summary>Why the last SAS check failed (for test diagnostics).</summary>
    public string? LastAuthFailure { get; private set; }

    /// <summary>Method, path and query of every request, in arrival order.</summary>
    public IReadOnlyList<string> RequestLog => [.. requestLog];

    public static async Task<FakeEventHubs> StartAsync(
        string @namespace = "fake-ns.servicebus.windows.net", string hub = "surveys", string keyName = "send", string? key = null)
    {
        var fake = new FakeEventHubs(@namespace, hub, keyName, key ?? NewKey());
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
