using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.EventHubs;

/// <summary>
/// An event hub: connection string, or namespace + hub + key name + key. "Test connection" reads the hub's
/// description (validates the SAS signature, sends nothing); it sends one test event only when the connection
/// says so.
/// </summary>
public sealed class EventHubsConnectionKind(EventHubsClientFactory clients, SasTokens tokens) : IConnectionKind
{
    public static readonly ConnectionKind Kind = new("EventHubs");

    ConnectionKind IConnectionKind.Kind => Kind;

    public string DisplayName => "Azure Event Hubs";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(EventHubsSettings.ConnectionString, "Connection string", Secret: true,
            Help: "Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=… (or leave empty and fill the fields below); encrypted"),
        new(EventHubsSettings.Namespace, "Namespace", Help: "e.g. myns.servicebus.windows.net (without a connection string)"),
        new(EventHubsSettings.Hub, "Event hub", Help: "The hub's name, when the connection string has no EntityPath"),
        new(EventHubsSettings.KeyName, "Shared access key name", Help: "e.g. send (without a connection string)"),
        new(EventHubsSettings.Key, "Shared access key", Secret: true, Help: "Encrypted, never shown back"),
        new(EventHubsSettings.ServiceUrl, "Service URL (advanced)", Help: "Where requests go when not https://{namespace}/, e.g. a proxy or emulator"),
        TestSendsEventField,
    ];

    private static SettingField TestSendsEventField { get; } =
        SettingField.YesNo(EventHubsSettings.TestSendsEvent, "Test sends an event", defaultYes: false, "Also send one small test event when testing; otherwise nothing is sent");

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data) => EventHubsTarget.From(data).Errors;

    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var (target, errors) = EventHubsTarget.From(data);
        if (target is null)
        {
            return Task.FromResult(new ConnectionTestResult(false, string.Join(" ", errors.Values), 0));
        }

        return ConnectionProbe.RunAsync(EventHubsSink.Target(target), limit => ProbeAsync(data, target, limit), TimeSpan.FromSeconds(15), cancellationToken);
    }

    private async Task<ProbeOutcome> ProbeAsync(ConnectionData data, EventHubsTarget target, CancellationToken cancellationToken)
    {
        var api = clients.Create(target);
        using var response = await api.GetHubAsync(target.Hub, tokens.For(target), cancellationToken);
        var code = (int)response.StatusCode;
        if (code is 401 or 403)
        {
            return ProbeOutcome.Failed($"Event Hubs refused the signature ({code}): check the key name and key, and that the key has rights on '{target.Hub}'.");
        }

        if (code == 404)
        {
            return ProbeOutcome.Failed($"The namespace {target.Namespace} has no event hub '{target.Hub}' (404).");
        }

        if (!response.IsSuccessStatusCode)
        {
            return ProbeOutcome.Failed($"Event Hubs answered {code} {response.ReasonPhrase}.");
        }

        var partitions = Partitions(await response.Content.ReadAsStringAsync(cancellationToken));
        var message = $"Signature accepted by {target.Namespace}: hub '{target.Hub}'" + (partitions is null ? "." : $", {partitions} partition(s).");
        if (TestSendsEventField.IsYes(data.Setting(EventHubsSettings.TestSendsEvent)))
        {
            using var content = new StringContent("{\"bridgeportal\":\"connection test\"}", Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/atom+xml;type=entry;charset=utf-8");
            using var sent = await api.SendAsync(target.Hub, tokens.For(target), content, cancellationToken);
            if (!sent.IsSuccessStatusCode)
            {
                return ProbeOutcome.Failed(message + $" The test event was refused ({(int)sent.StatusCode}).");
            }

            message += " One test event sent.";
        }

        return ProbeOutcome.Ok(message);
    }

    private static int? Partitions(string atom)
    {
        try
        {
            var count = XDocument.Parse(atom).Descendants().FirstOrDefault(e => e.Name.LocalName == "PartitionCount")?.Value;
            return int.TryParse(count, out var n) ? n : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
