namespace BridgePortal.Connectors.CsvDrop;

/// <summary>A complete file of a drop folder, read whole: its name, content and content hash.</summary>
public sealed record DropFile(string Name, string Path, byte[] Content, string Sha256);
