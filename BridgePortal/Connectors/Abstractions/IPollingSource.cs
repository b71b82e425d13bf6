namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A pull source: reads what is new since <paramref name="cursor"/> in pages. The engine commits each page's
/// records together with the page's cursor in one transaction, so the cursor only ever covers stored records.
/// </summary>
public interface IPollingSource
{
    /// <summary>The bridge's <c>SourceKind</c> this source serves.</summary>
    string Kind { get; }

    IAsyncEnumerable<SourcePage> PollAsync(SourceContext context, string? cursor, CancellationToken cancellationToken);
}

/// <summary>Records of one page and the cursor after them (null: leave the cursor as it is, e.g. a re-scan page).</summary>
public sealed record SourcePage(IReadOnlyList<InboundRecord> Records, string? Cursor);

/// <summary>What a source needs of its bridge: settings, decrypted source secrets and the (decrypted) source connection.</summary>
public sealed record SourceContext(
    BridgePortal.Data.Model.Bridge Bridge,
    BridgePortal.Connectors.Abstractions.ConnectionData? Connection,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Secrets)
{
    public string? Setting(string name) => Settings.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    public string? Secret(string name) => Secrets.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;
}

/// <summary>A source failure with a message fit for the bridge page (no secrets), e.g. "The Kobo token was refused (401)".</summary>
public sealed class SourceException(string message, Exception? inner = null) : Exception(message, inner);
