using System.Text.Json;
using BridgePortal.Data.Model;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

public sealed record RecordListDto(int Total, IReadOnlyList<RecordRow> Records);

public sealed record AttemptDto(DateTime StartedAt, int DurationMs, AttemptOutcome Outcome, int? HttpStatus, string? Error, DateTime? RetryAt);

/// <summary>One record; <c>payload</c> is the stored JSON (null once retention purged it).</summary>
public sealed record RecordDetailDto(RecordRow Record, JsonElement? Payload, IReadOnlyList<AttemptDto> Attempts);

/// <summary>Which records an action applies to: the listed ids, or (retry only, without ids) every failed record of a bridge.</summary>
public sealed record RecordSelection(IReadOnlyCollection<long>? Ids, Guid? BridgeId);

public sealed record RecordActionResult(int Count);

/// <summary>Received-time range [from, to) of a replay.</summary>
public sealed record ReplayRange(DateTimeOffset From, DateTimeOffset To);
