using Microsoft.AspNetCore.Components;

namespace BridgePortal.Components.Shared;

/// <summary>
/// A component that talks to the database one operation at a time: a DbContext is not thread-safe, and a timer's
/// refresh may meet a click. Its own service scope (<see cref="OwningComponentBase.ScopedServices"/>) is created only
/// when used; the operations still running are cancelled when the component goes away.
/// </summary>
public abstract class GuardedComponent : OwningComponentBase
{
    private readonly SemaphoreSlim gate = new(1, 1);

    // Only cancelled, never disposed: a tick already queued may still read its token.
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Cancelled when the component goes away.</summary>
    protected CancellationToken Stopping => stopping.Token;

    /// <summary>True when no operation runs and the component is still shown.</summary>
    protected bool Idle => gate.CurrentCount > 0 && !stopping.IsCancellationRequested;

    /// <summary>Runs a user's action after whatever runs now; a failure goes to <see cref="HandleFailure"/>.</summary>
    protected async Task GuardedAsync(Func<CancellationToken, Task> action)
    {
        try
        {
            await gate.WaitAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await RunHoldingGateAsync(action);
    }

    /// <summary>Runs <paramref name="action"/> unless another operation runs now, so refreshes never pile up.</summary>
    protected async Task TryGuardedAsync(Func<CancellationToken, Task> action)
    {
        if (stopping.IsCancellationRequested || !await gate.WaitAsync(0))
        {
            return;
        }

        await RunHoldingGateAsync(action);
    }

    /// <summary>An operation with a result (a table's page): waits its turn, ends on either token, failures thrown.</summary>
    protected async Task<T> GuardedValueAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, cancellationToken);
        await gate.WaitAsync(linked.Token);
        try
        {
            return await action(linked.Token);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Shows or logs a failed operation and returns true, or returns false to let it propagate (the default).</summary>
    protected virtual bool HandleFailure(Exception failure) => false;

    private async Task RunHoldingGateAsync(Func<CancellationToken, Task> action)
    {
        try
        {
            await action(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the component went away: nothing is left to show
        }
        catch (Exception e)
        {
            if (!HandleFailure(e))
            {
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    // Blazor disposes asynchronously (then calls Dispose(true)): stop before the scope and its DbContext go.
    protected override ValueTask DisposeAsyncCore()
    {
        stopping.Cancel();
        return base.DisposeAsyncCore();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stopping.Cancel();
        }

        base.Dispose(disposing);
    }
}
