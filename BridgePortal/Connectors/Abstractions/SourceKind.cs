using BridgePortal.Data.Model;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A kind of source a bridge can have, with its settings form. A source kind may poll (an
/// <see cref="IPollingSource"/> of the same kind), receive webhooks (an <see cref="IWebhookReceiver"/>), or both.
/// With <paramref name="ConnectionOptional"/> a bridge may have a source connection of the kind, or none (e.g. a
/// webhook whose connection only serves an extra action such as a back-fill).
/// </summary>
public sealed record SourceKind(string Kind, string DisplayName, ConnectionKind? ConnectionKind, IReadOnlyList<SettingField> SettingsFields, bool ConnectionOptional = false, bool ListedFirst = false);
