using System.Collections.Concurrent;
using HaTools.Core.Vrrp;

namespace HaTools.Core.Tests.Vrrp;

/// <summary>
/// A reactor transport on a virtual clock: the loop's waits advance <see cref="ManualClock"/> instead of sleeping, up
/// to a limit the test moves with <see cref="RunUntil"/>; at the limit the loop thread blocks until woken. Datagrams the
/// test injects are delivered from inside WaitAndDispatch, on the loop thread, as the Linux reactor does.
/// </summary>
public sealed class FakeReactorTransport(ManualClock clock, VrrpIpAddress address) : IVrrpReactorTransport
{
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ConcurrentQueue<(byte[] Bytes, VrrpReceiveInfo Info)> _inbox = new();
    private readonly ManualResetEventSlim _idle = new(false);
    private readonly ManualClock _clock = clock;
    private long _limit;
    private int _woken;

    public FakeChannel? Channel { get; private set; }

    /// <summary>The fake host behind the channel (RecordSends off for the allocation test).</summary>
    public FakeTransport Host { get; } = new(null, address) { RecordSends = true, Clock = clock };

    public Reactor? Created { get; private set; }

    /// <summary>Threads WaitAndDispatch ran on.</summary>
    public ConcurrentBag<int> WaitThreads { get; } = [];

    /// <summary>A datagram delivered once per virtual second without allocating (allocation test of the receive path).</summary>
    public byte[]? Echo { get; set; }

    public VrrpReceiveInfo EchoInfo { get; set; }

    /// <summary>Bytes the loop thread allocated from the first wait after <see cref="StartCounting"/> to the last one.</summary>
    public long LoopThreadAllocated => Volatile.Read(ref _allocatedLast) - Volatile.Read(ref _allocatedFirst);

    private long _allocatedFirst = -1;
    private long _allocatedLast;
    private int _counting;

    public void StartCounting() => Volatile.Write(ref _counting, 1);

    public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink) => throw new InvalidOperationException("the loop must open reactor channels");

    public IVrrpReactor CreateReactor() => Created = new Reactor(this);

    public IVrrpChannel Open(VrrpChannelOptions options, IVrrpPacketSink sink, IVrrpReactor reactor)
    {
        Assert.Same(Created, reactor);
        Channel = (FakeChannel)Host.Open(options, sink);
        return Channel;
    }

    /// <summary>Queues a datagram for the loop thread and lets virtual time run to <paramref name="until"/> (elapsed ticks of the clock).</summary>
    public void Inject(byte[] bytes, VrrpReceiveInfo info) => _inbox.Enqueue((bytes, info));

    /// <summary>Lets the loop's virtual time run up to <paramref name="until"/>, then waits until the loop is idle there.</summary>
    public void RunUntil(TimeSpan until)
    {
        _idle.Reset();
        Volatile.Write(ref _limit, until.Ticks);
        _signal.Release();
        Assert.True(_idle.Wait(TimeSpan.FromSeconds(20)), "the loop did not reach the time limit");
    }

    public sealed class Reactor(FakeReactorTransport t) : IVrrpReactor
    {
        public bool Disposed { get; private set; }

        public int Wakes;

        public void Wake()
        {
            Interlocked.Increment(ref Wakes);
            Interlocked.Exchange(ref t._woken, 1);
            t._signal.Release();
        }

        public void WaitAndDispatch(TimeSpan? timeout)
        {
            if (Volatile.Read(ref t._counting) == 1)
            {
                long now = GC.GetAllocatedBytesForCurrentThread();
                if (t._allocatedFirst < 0)
                {
                    t._allocatedFirst = now;
                }

                Volatile.Write(ref t._allocatedLast, now);
            }
            else
            {
                t.WaitThreads.Add(Environment.CurrentManagedThreadId);
            }

            while (true)
            {
                bool delivered = false;
                while (t._inbox.TryDequeue(out (byte[] Bytes, VrrpReceiveInfo Info) d))
                {
                    t.Channel!.Sink.Deliver(d.Bytes, d.Info);
                    delivered = true;
                }

                if (delivered || Interlocked.Exchange(ref t._woken, 0) == 1)
                {
                    return;
                }

                long now = t._clock.GetTimestamp();
                long limit = Volatile.Read(ref t._limit);
                if (now < limit)
                {
                    long step = timeout is { } w ? Math.Min(Math.Max(0, w.Ticks), limit - now) : limit - now;
                    if (t.Echo is { } echo)
                    {
                        // A live master: its advert arrives once per virtual second.
                        t.Channel!.Sink.Deliver(echo, t.EchoInfo);
                        step = Math.Min(limit - now, TimeSpan.TicksPerSecond);
                    }

                    t._clock.Advance(TimeSpan.FromTicks(step));
                    return;
                }

                t._idle.Set();
                t._signal.Wait();
            }
        }

        public void Dispose() => Disposed = true;
    }
}
