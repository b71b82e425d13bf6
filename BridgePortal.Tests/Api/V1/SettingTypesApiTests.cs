using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Connectors.PostgreSql;

namespace BridgePortal.Tests.Api.V1;

/// <summary>Issue 15: yes/no and choice settings are checked on save (a clear 400 naming the field) and stored canonical.</summary>
public sealed class SettingTypesApiTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Bad_yes_no_and_choice_values_are_refused_by_field_and_good_ones_are_stored_canonical(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        using var api = ApiClient.Create(host, await TokenAsync(host));

        var hubs = await api.PostAsync("/api/v1/connections", new
        {
            kind = "EventHubs",
            name = "hub",
            settings = new Dictionary<string, string> { ["TestSendsEvent"] = "maybe" },
            secrets = new Dictionary<string, string> { ["ConnectionString"] = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=k;EntityPath=h" },
        }, HttpStatusCode.BadRequest);
        Assert.Contains("yes or no", Error(hubs, "TestSendsEvent"));

        var athoc = await api.PostAsync("/api/v1/connections", new
        {
            kind = "AtHoc",
            name = "athoc",
            settings = new Dictionary<string, string> { ["VerifyTls"] = "sometimes" },
            secrets = new Dictionary<string, string>(),
        }, HttpStatusCode.BadRequest);
        Assert.Contains("Verify TLS", Error(athoc, "VerifyTls"));

        var salesforce = await api.PostAsync("/api/v1/connections", new
        {
            kind = "Salesforce",
            name = "sf",
            settings = new Dictionary<string, string> { ["Flow"] = "magic", ["ClientId"] = "c" },
            secrets = new Dictionary<string, string> { ["ClientSecret"] = "s" },
        }, HttpStatusCode.BadRequest);
        Assert.Contains("client_credentials", Error(salesforce, "Flow"));

        // An older spelling is read and stored as the choice's own value.
        var created = await api.PostAsync("/api/v1/connections", new
        {
            kind = "Salesforce",
            name = "sf-ok",
            settings = new Dictionary<string, string> { ["Flow"] = "Client Credentials", ["LoginUrl"] = "https://acme.my.salesforce.com", ["ClientId"] = "c" },
            secrets = new Dictionary<string, string> { ["ClientSecret"] = "s" },
        }, HttpStatusCode.Created);
        var stored = await api.GetJsonAsync($"/api/v1/connections/{created.GetProperty("id").GetString()}");
        Assert.Equal("client_credentials", stored.GetProperty("settings").GetProperty("Flow").GetString());

        var http = await api.PostAsync("/api/v1/connections", new
        {
            kind = "Http",
            name = "target",
            settings = new Dictionary<string, string> { ["BaseUrl"] = "http://127.0.0.1:9/" },
            secrets = new Dictionary<string, string>(),
        }, HttpStatusCode.Created);
        var badMode = await api.PostAsync("/api/v1/bridges", Bridge(http, new() { ["Mode"] = "Streaming" }), HttpStatusCode.BadRequest);
        Assert.Contains("'PerRecord', 'Batch'", Error(badMode, "Mode"));
        var bridge = await api.PostAsync("/api/v1/bridges", Bridge(http, new() { ["Mode"] = " batch " }), HttpStatusCode.Created);
        Assert.Equal("Batch", bridge.GetProperty("bridge").GetProperty("sinkSettings").GetProperty("Mode").GetString());

        var db = await api.PostAsync("/api/v1/connections", new
        {
            kind = "PostgreSql",
            name = "db",
            settings = new Dictionary<string, string>(),
            secrets = new Dictionary<string, string> { ["ConnectionString"] = "Host=127.0.0.1;Database=x" },
        }, HttpStatusCode.Created);
        var documents = new
        {
            name = "docs",
            sourceKind = "StandardWebhook",
            sourceSecrets = new Dictionary<string, string> { ["WebhookSecret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
            sinkKind = PostgreSqlDocumentSink.SinkKind,
            sinkConnectionId = db.GetProperty("id").GetGuid(),
            sinkSettings = new Dictionary<string, string> { [DocumentSinkSettings.CreateTables] = "perhaps" },
        };
        var badCreate = await api.PostAsync("/api/v1/bridges", documents, HttpStatusCode.BadRequest);
        Assert.Contains("yes or no", Error(badCreate, DocumentSinkSettings.CreateTables));
        var yes = await api.PostAsync("/api/v1/bridges", documents with { sinkSettings = new Dictionary<string, string> { [DocumentSinkSettings.CreateTables] = "Yes" } }, HttpStatusCode.Created);
        Assert.Equal("true", yes.GetProperty("bridge").GetProperty("sinkSettings").GetProperty(DocumentSinkSettings.CreateTables).GetString());
    }

    private static object Bridge(System.Text.Json.JsonElement connection, Dictionary<string, string> sinkSettings) => new
    {
        name = "b-" + Guid.NewGuid().ToString("N")[..6],
        sourceKind = "Ingest",
        sinkKind = "Http",
        sinkConnectionId = connection.GetProperty("id").GetGuid(),
        sinkSettings,
    };

    private static string Error(System.Text.Json.JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().First().GetString() ?? "";

    private static async Task<string> TokenAsync(PortalHost host)
    {
        var actor = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var (token, error) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync(actor, "test", null, CancellationToken.None);
        Assert.True(token is not null, error);
        return token;
    }
}
