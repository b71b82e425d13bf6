namespace BridgePortal.Connectors.CsvDrop;

public enum CsvDropOutcome
{
    /// <summary>Its batch is being delivered.</summary>
    Sending,

    /// <summary>AtHoc confirmed the batch; the file was moved to processed/.</summary>
    Processed,

    /// <summary>AtHoc did not confirm the batch; the file stays for the next run.</summary>
    Kept,

    /// <summary>The file could not be read; it stays where it is.</summary>
    Unreadable,
}
