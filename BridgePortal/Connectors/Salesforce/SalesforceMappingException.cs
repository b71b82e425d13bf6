namespace BridgePortal.Connectors.Salesforce;

/// <summary>A mapping that cannot be read, or cannot be applied to one form; the message says exactly where.</summary>
public sealed class SalesforceMappingException(string message) : Exception(message);
