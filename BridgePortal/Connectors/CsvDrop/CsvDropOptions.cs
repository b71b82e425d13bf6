using System.ComponentModel.DataAnnotations;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>Where drop folders live: every bridge's folder is <c>Root</c>/{bridge key} or a folder the bridge names under <c>Root</c>.</summary>
public sealed class CsvDropOptions
{
    public const string SectionName = "CsvDrop";

    /// <summary>Relative paths are taken from the content root (default: beside the SQLite database).</summary>
    [Required]
    public string Root { get; set; } = "data/csvdrop";

    /// <summary>Largest upload accepted from the bridge page, in bytes.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Watch running bridges' folders and poll soon after a file appears (the scheduled poll stays the safety net).</summary>
    public bool Watch { get; set; } = true;
}
