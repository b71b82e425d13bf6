namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A connection kind that can list what the account holds (e.g. Kobo survey projects), for the connections
/// page and for bridge settings marked <see cref="SettingField.FromCatalog"/>.
/// </summary>
public interface IConnectionCatalog
{
    /// <summary>What the items are called, e.g. "Projects".</summary>
    string CatalogTitle { get; }

    /// <summary>Headings of <see cref="CatalogItem.Details"/>, in order.</summary>
    IReadOnlyList<string> DetailColumns { get; }

    Task<IReadOnlyList<CatalogItem>> ListAsync(ConnectionData data, CancellationToken cancellationToken);
}

/// <summary>One listed item: the id a bridge setting takes, its name, and display details.</summary>
public sealed record CatalogItem(string Id, string Name, IReadOnlyList<string> Details);
