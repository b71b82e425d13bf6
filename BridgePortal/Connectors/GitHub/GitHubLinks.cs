using System.Text.RegularExpressions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>GitHub's <c>Link</c> header (RFC 8288): <c>&lt;url&gt;; rel="next", &lt;url&gt;; rel="last"</c>.</summary>
public static partial class GitHubLinks
{
    /// <summary>The header's targets by relation (<c>next</c>, <c>last</c>, <c>prev</c>, <c>first</c>); malformed parts are skipped.</summary>
    public static IReadOnlyDictionary<string, Uri> Parse(IEnumerable<string>? headerValues)
    {
        var links = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (Match link in Link().Matches(string.Join(", ", headerValues ?? [])))
        {
            if (!Uri.TryCreate(link.Groups["url"].Value.Trim(), UriKind.Absolute, out var url))
            {
                continue;
            }

            foreach (Match parameter in Parameter().Matches(link.Groups["params"].Value))
            {
                if (parameter.Groups["name"].Value.Equals("rel", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var rel in parameter.Groups["value"].Value.Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        links.TryAdd(rel, url);
                    }
                }
            }
        }

        return links;
    }

    /// <summary>The <c>page</c> query parameter of <paramref name="url"/> (the last page's number, from <c>rel="last"</c>).</summary>
    public static int? PageOf(Uri? url) =>
        url is not null && int.TryParse(System.Web.HttpUtility.ParseQueryString(url.Query)["page"], out var page) && page > 0 ? page : null;

    /// <summary>
    /// <paramref name="url"/> as a path below <paramref name="apiBase"/> and its query, or null when it points elsewhere
    /// (another host, scheme or path): the token is never sent to a server the connection does not name.
    /// </summary>
    public static (string Path, Dictionary<string, string> Query)? Below(Uri apiBase, Uri url)
    {
        var basePath = apiBase.AbsolutePath.TrimEnd('/') + "/";
        if (!string.Equals(apiBase.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(apiBase.Host, url.Host, StringComparison.OrdinalIgnoreCase)
            || apiBase.Port != url.Port
            || !url.AbsolutePath.StartsWith(basePath, StringComparison.Ordinal))
        {
            return null;
        }

        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        return (Uri.UnescapeDataString(url.AbsolutePath[basePath.Length..]),
            query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!, StringComparer.Ordinal));
    }

    [GeneratedRegex(@"<(?<url>[^>]*)>(?<params>(?:\s*;\s*[^;,]+)*)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<name>[A-Za-z*-]+)\s*=\s*(?<value>""[^""]*""|[^;,\s]+)")]
    private static partial Regex Parameter();
}
