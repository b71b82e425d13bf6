namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A sink system's own user names by a person id the sources know (AtHoc's mapping table: employee id → username),
/// so a source can address people without reading another connector's tables.
/// </summary>
public interface ISinkUserDirectory
{
    /// <summary>
    /// The user names of those of <paramref name="personIds"/> that are mapped (case-insensitive keys); null when
    /// the bridge's sink connection is not this directory's system.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>?> UsernamesAsync(BridgePortal.Data.Model.Bridge bridge, IEnumerable<string> personIds, CancellationToken cancellationToken);
}
