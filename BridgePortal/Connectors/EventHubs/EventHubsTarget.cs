using BridgePortal.Connectors.Abstractions;
namespace BridgePortal.Connectors.EventHubs;

/// <summary>
/// Where and as whom to send: from a connection string (<c>Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=…</c>)
/// or from namespace + hub + key name + key. <see cref="Resource"/> is what the SAS token signs
/// (<c>https://{ns}/{hub}</c>); <see cref="ServiceUri"/> is where requests go (the same host unless overridden).
/// </summary>
public sealed record EventHubsTarget(string Namespace, string Hub, string KeyName, string Key, Uri ServiceUri)
{
    public string Resource => $"https://{Namespace}/{Hub}";

    /// <summary>The target, or the errors by field name that keep the connection from having one.</summary>
    public static (EventHubsTarget? Target, Dictionary<string, string> Errors) From(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        string? ns = null, hub = data.Setting(EventHubsSettings.Hub), keyName = null, key = null;
        if (data.Secret(EventHubsSettings.ConnectionString) is { } connectionString)
        {
            var parts = Parse(connectionString);
            if (parts is null)
            {
                errors[EventHubsSettings.ConnectionString] = "The connection string must be 'Name=value' pairs separated by ';'.";
            }
            else
            {
                var missing = new[] { "Endpoint", "SharedAccessKeyName", "SharedAccessKey" }.Where(p => !parts.ContainsKey(p)).ToList();
                if (missing.Count > 0)
                {
                    errors[EventHubsSettings.ConnectionString] = $"The connection string lacks {string.Join(", ", missing)}.";
                }
                else if (!Uri.TryCreate(parts["Endpoint"], UriKind.Absolute, out var endpoint) || endpoint.Scheme != "sb")
                {
                    errors[EventHubsSettings.ConnectionString] = "Endpoint must read sb://{namespace}.servicebus.windows.net/.";
                }
                else
                {
                    ns = endpoint.Authority;
                    keyName = parts["SharedAccessKeyName"];
                    key = parts["SharedAccessKey"];
                    hub = parts.GetValueOrDefault("EntityPath") ?? hub;
                }
            }
        }
        else
        {
            ns = data.Setting(EventHubsSettings.Namespace)?.Trim().Replace("sb://", "", StringComparison.OrdinalIgnoreCase).TrimEnd('/');
            keyName = data.Setting(EventHubsSettings.KeyName);
            key = data.Secret(EventHubsSettings.Key);
            if (ns is null)
            {
                errors[EventHubsSettings.Namespace] = "Give a connection string, or the namespace (e.g. myns.servicebus.windows.net).";
            }
            else if (!ns.Contains('.', StringComparison.Ordinal))
            {
                ns += ".servicebus.windows.net";
            }

            if (keyName is null)
            {
                errors[EventHubsSettings.KeyName] = "Shared access key name is required without a connection string.";
            }

            if (key is null)
            {
                errors[EventHubsSettings.Key] = "Shared access key is required without a connection string.";
            }
        }

        if (hub is null && !errors.ContainsKey(EventHubsSettings.ConnectionString))
        {
            errors[EventHubsSettings.Hub] = "The connection string has no EntityPath: give the event hub's name.";
        }

        Uri? service = null;
        if (data.Setting(EventHubsSettings.ServiceUrl) is { } url)
        {
            if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out service) || (service.Scheme != Uri.UriSchemeHttp && service.Scheme != Uri.UriSchemeHttps))
            {
                errors[EventHubsSettings.ServiceUrl] = "Service URL must be an absolute http:// or https:// URL.";
            }
        }

        if (errors.Count > 0 || ns is null || hub is null || keyName is null || key is null)
        {
            return (null, errors);
        }

        return (new EventHubsTarget(ns, hub, keyName, key, service ?? new Uri($"https://{ns}/")), errors);
    }

    private static Dictionary<string, string>? Parse(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                return null;
            }

            parts[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }

        return parts;
    }
}
