using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>
/// One caller's records waiting for the next group commit: the caller awaits <see cref="Completion"/>, which
/// the writer completes with this request's own outcome after the group's transaction committed (or failed).
/// </summary>
internal sealed class IntakeRequest(Bridge bridge, IReadOnlyList<InboundRecord> records, string? cursor)
{
    private readonly TaskCompletionSource<IReadOnlyList<IntakeResult>> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Bridge Bridge { get; } = bridge;

    public IReadOnlyList<InboundRecord> Records { get; } = records;

    /// <summary>A polled page moves the bridge's source cursor in the same transaction as its records.</summary>
    public string? Cursor { get; } = cursor;

    public Task<IReadOnlyList<IntakeResult>> Completion => completion.Task;

    public void Succeed(IReadOnlyList<IntakeResult> results) => completion.TrySetResult(results);

    public void Fail(Exception error) => completion.TrySetException(error);
}
