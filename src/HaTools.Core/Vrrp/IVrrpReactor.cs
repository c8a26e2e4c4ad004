namespace HaTools.Core.Vrrp;

/// <summary>
/// One wait for everything the VRRP loop reacts to: readable channels, posted work and the next protocol deadline.
/// With it the loop runs on one dedicated thread that sleeps in a single poll (keepalived's scheduler shape) instead of
/// hopping receive thread → queue → thread pool and timer thread → thread pool; every hop is a wakeup that a busy
/// machine delays, and those delays showed up in the takeover tail.
/// </summary>
public interface IVrrpReactor : IDisposable
{
    /// <summary>Any thread: makes the current or the next <see cref="WaitAndDispatch"/> return. Harmless after Dispose.</summary>
    void Wake();

    /// <summary>
    /// Loop thread only. Waits until a channel opened on this reactor is readable, <see cref="Wake"/> is called or
    /// <paramref name="timeout"/> passes (null: no deadline); then hands every queued datagram to its channel's sink,
    /// on this thread, before it returns.
    /// </summary>
    void WaitAndDispatch(TimeSpan? timeout);
}
