using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// Reads users page by page from the basic user search. The page shape is not documented publicly, so the
/// reader accepts the shapes seen in client code: a bare array or an object with Users/Items/Results, and
/// attributes either flat on the user or as an Attributes list of {CommonName, Value}.
/// </summary>
public sealed class AtHocUsers(AtHocClient athoc)
{
    public async Task<IReadOnlyList<AtHocUser>> ReadAllAsync(ConnectionData connection, CancellationToken cancellationToken, int? maxUsers = null, bool freshToken = false)
    {
        var (api, server, org) = athoc.Create(connection);
        var auth = await athoc.AuthorizationAsync(api, connection, cancellationToken, freshToken);
        var attributes = AtHocSettings.Attributes(connection);
        var size = maxUsers is { } m ? Math.Min(m, AtHocSettings.PageSize(connection)) : AtHocSettings.PageSize(connection);
        var users = new List<AtHocUser>();
        for (var page = 1; ; page++)
        {
            Refit.IApiResponse<JsonNode> response;
            try
            {
                response = await api.SearchUsersAsync(org, string.Join(',', attributes), page, size, auth, cancellationToken);
            }
            catch (Exception e) when (ErrorSentences.IsTransport(e))
            {
                throw new AtHocException(ErrorSentences.Unreachable(AtHocClient.Target(connection), e), transient: true);
            }

            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized)
                {
                    athoc.Forget(connection);
                }

                throw new AtHocException(AtHocClient.Describe("Reading AtHoc users", response, connection), transient: response.StatusCode is null || (int)response.StatusCode >= 500);
            }

            var (items, total) = Page(response.Content);
            foreach (var item in items)
            {
                if (ToUser(item, connection) is { } user)
                {
                    users.Add(user);
                }
            }

            if (items.Count < size || (total is { } t && page * size >= t) || (maxUsers is { } max && users.Count >= max) || page >= 10000)
            {
                return users;
            }
        }
    }

    private static (IReadOnlyList<JsonObject> Items, int? Total) Page(JsonNode node)
    {
        if (node is JsonArray bare)
        {
            return ([.. bare.OfType<JsonObject>()], null);
        }

        if (node is not JsonObject o)
        {
            return ([], null);
        }

        var array = o.FirstOrDefault(p => p.Value is JsonArray && p.Key.ToUpperInvariant() is "USERS" or "ITEMS" or "RESULTS" or "DATA").Value as JsonArray;
        var total = o.FirstOrDefault(p => p.Key.ToUpperInvariant() is "TOTALCOUNT" or "TOTAL" or "COUNT").Value is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        return ([.. (array ?? []).OfType<JsonObject>()], total);
    }

    private static AtHocUser? ToUser(JsonObject item, ConnectionData connection)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in item)
        {
            if (Text(value) is { } text)
            {
                attributes[key] = text;
            }
        }

        switch (item.FirstOrDefault(p => string.Equals(p.Key, "Attributes", StringComparison.OrdinalIgnoreCase)).Value)
        {
            case JsonArray list:
                foreach (var a in list.OfType<JsonObject>())
                {
                    if ((Text(a["CommonName"]) ?? Text(a["Name"])) is { } name && Text(a["Value"]) is { } value)
                    {
                        attributes[name] = value;
                    }
                }

                break;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    if (Text(value) is { } text)
                    {
                        attributes[key] = text;
                    }
                }

                break;
        }

        var username = attributes.GetValueOrDefault(AtHocSettings.UsernameKey(connection));
        return username is null
            ? null
            : new AtHocUser(username, attributes.GetValueOrDefault(AtHocSettings.EmployeeKey(connection)),
                AtHocSettings.CollarKey(connection) is { } collar ? attributes.GetValueOrDefault(collar) : null, attributes);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s.Trim() : null,
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;
}
