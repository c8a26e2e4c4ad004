using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaTools.Core.Tests.Checks;

/// <summary>A TCP server that sends a greeting, then one canned reply per line received; records what it got.</summary>
public sealed class LineServer : IDisposable
{
    private readonly TcpListener _l = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _received = new();

    public LineServer(string? greeting = null, params string[] replies)
    {
        _l.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket c;
                try { c = await _l.AcceptSocketAsync(_stop.Token); } catch { return; }
                _ = Task.Run(async () =>
                {
                    using var s = new NetworkStream(c, true);
                    try
                    {
                        if (greeting != null) await s.WriteAsync(Encoding.ASCII.GetBytes(greeting), _stop.Token);
                        var reader = new StreamReader(s, Encoding.ASCII);
                        var i = 0;
                        while (await reader.ReadLineAsync(_stop.Token) is { } line)
                        {
                            lock (_received) _received.Append(line).Append("\r\n");
                            if (i < replies.Length) await s.WriteAsync(Encoding.ASCII.GetBytes(replies[i++]), _stop.Token);
                        }
                    }
                    catch { }
                });
            }
        });
    }

    public int Port => ((IPEndPoint)_l.LocalEndpoint).Port;

    public string Received { get { lock (_received) return _received.ToString(); } }

    public void Dispose()
    {
        _stop.Cancel();
        _l.Stop();
    }
}

/// <summary>A UDP DNS responder: answers each query with the given RCODE (optionally a forged reply first, or nothing).</summary>
public sealed class FakeDnsServer : IDisposable
{
    private readonly Socket _s = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public FakeDnsServer(int rcode, bool forgeFirst = false, bool silent = false)
    {
        _s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ = Task.Run(async () =>
        {
            var buf = new byte[1500];
            while (true)
            {
                SocketReceiveFromResult r;
                try { r = await _s.ReceiveFromAsync(buf, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)); } catch { return; }
                var q = buf.AsSpan(0, r.ReceivedBytes).ToArray();
                var name = new List<string>();
                var i = 12;
                while (q[i] != 0) { name.Add(Encoding.ASCII.GetString(q, i + 1, q[i])); i += q[i] + 1; }
                LastQuestionName = string.Join('.', name);
                LastQuestionType = BinaryPrimitives.ReadUInt16BigEndian(q.AsSpan(i + 1));
                if (silent) continue;
                var reply = (byte[])q.Clone();
                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), (ushort)(0x8180 | rcode));
                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(6), (ushort)(rcode == 0 ? 1 : 0));
                if (forgeFirst)
                {
                    var forged = (byte[])reply.Clone();
                    forged[0] ^= 0xFF;
                    await _s.SendToAsync(forged, SocketFlags.None, r.RemoteEndPoint);
                }
                await _s.SendToAsync(reply, SocketFlags.None, r.RemoteEndPoint);
            }
        });
    }

    public int Port => ((IPEndPoint)_s.LocalEndPoint!).Port;

    public string? LastQuestionName { get; private set; }

    public int LastQuestionType { get; private set; }

    public void Dispose() => _s.Dispose();
}

/// <summary>Echoes every datagram back.</summary>
public sealed class UdpEcho : IDisposable
{
    private readonly Socket _s = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpEcho()
    {
        _s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ = Task.Run(async () =>
        {
            var buf = new byte[1500];
            while (true)
            {
                try
                {
                    var r = await _s.ReceiveFromAsync(buf, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
                    await _s.SendToAsync(buf.AsMemory(0, r.ReceivedBytes), SocketFlags.None, r.RemoteEndPoint);
                }
                catch { return; }
            }
        });
    }

    public int Port => ((IPEndPoint)_s.LocalEndPoint!).Port;

    public void Dispose() => _s.Dispose();
}
