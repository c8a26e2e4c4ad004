using System.Buffers.Binary;
using HaTools.Core.Linux.Vrrp;

namespace HaTools.Core.Tests.Vrrp.Hosting;

/// <summary>
/// The proc connector's wire format (uapi linux/connector.h, linux/cn_proc.h) and /proc parsing, as bytes:
/// golden messages are laid out field by field here, and the reader must never throw on what the kernel or
/// anyone else could send.
/// </summary>
public sealed class ProcConnectorTests
{
    [Fact]
    public void Listen_request_is_nlmsghdr_cn_msg_and_the_mcast_op()
    {
        var buffer = new byte[64];
        int n = ProcConnectorMessages.WriteListen(buffer, listen: true, portId: 0x1234);

        byte[] expected =
        [
            40, 0, 0, 0,  // nlmsg_len
            3, 0,         // nlmsg_type NLMSG_DONE
            0, 0,         // nlmsg_flags
            0, 0, 0, 0,   // nlmsg_seq
            0x34, 0x12, 0, 0, // nlmsg_pid
            1, 0, 0, 0,   // cb_id.idx CN_IDX_PROC
            1, 0, 0, 0,   // cb_id.val CN_VAL_PROC
            0, 0, 0, 0,   // seq
            0, 0, 0, 0,   // ack
            4, 0,         // len
            0, 0,         // flags
            1, 0, 0, 0,   // PROC_CN_MCAST_LISTEN
        ];
        Assert.Equal(expected, buffer[..n]);
    }

    [Fact]
    public void Fork_exec_comm_exit_and_ack_events_are_read_and_threads_are_skipped()
    {
        byte[] datagram =
        [
            .. Event(0x1, 100, 100, 200, 200),          // fork: process 100 → new process 200
            .. Event(0x1, 100, 100, 201, 100),          // fork of a thread: skipped
            .. Event(0x2, 200, 200),                    // exec
            .. Event(0x200, 200, 200, 0x65, 0x6c),      // comm
            .. Event(0x80000000, 201, 100, 0, 0),       // a thread exits: skipped
            .. Event(0x80000000, 200, 200, 0, 9),       // the process exits
            .. Event(0x0, 0, 0),                        // ack, err 0
            .. Event(0x4, 200, 200, 0, 0),              // uid change: not for counting
        ];
        var events = new List<ProcEvent>();

        Assert.True(ProcConnectorMessages.TryRead(datagram, events));

        Assert.Equal(
        [
            new ProcEvent(ProcEventKind.Fork, 200, 100),
            new ProcEvent(ProcEventKind.Exec, 200),
            new ProcEvent(ProcEventKind.Comm, 200),
            new ProcEvent(ProcEventKind.Exit, 200),
            new ProcEvent(ProcEventKind.Ack, 0),
        ], events);
    }

    [Fact]
    public void Truncated_or_lying_datagrams_are_reported_without_throwing()
    {
        byte[] good = Event(0x2, 7, 7);
        var random = new Random(5798);
        for (int cut = 0; cut < good.Length; cut++)
        {
            var events = new List<ProcEvent>();
            ProcConnectorMessages.TryRead(good.AsSpan(0, cut), events);
            Assert.Empty(events);
        }

        for (int i = 0; i < 2000; i++)
        {
            byte[] noise = good.ToArray();
            noise[random.Next(noise.Length)] = (byte)random.Next(256);
            ProcConnectorMessages.TryRead(noise, new List<ProcEvent>()); // must not throw
        }

        byte[] lying = good.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(lying, 4096); // nlmsg_len beyond the datagram
        Assert.False(ProcConnectorMessages.TryRead(lying, new List<ProcEvent>()));
    }

    [Fact]
    public void Stat_comm_may_hold_spaces_and_parentheses()
    {
        Assert.True(ProcFs.TryParseStat("4242 (Web (Content) x) S 1 4242 4242 0 -1", out string comm, out char state));
        Assert.Equal("Web (Content) x", comm);
        Assert.Equal('S', state);
        Assert.False(ProcFs.TryParseStat("4242 no-parens", out _, out _));
    }

    [Fact]
    public void Cmdline_is_split_on_nul_without_the_trailing_one()
    {
        Assert.Equal(["sleep", "1000", "a b"], ProcFs.SplitCommandLine("sleep\01000\0a b\0"u8));
        Assert.Empty(ProcFs.SplitCommandLine(""u8));
    }

    [Fact]
    public void Scan_sees_this_test_process_by_pid_and_argv()
    {
        var all = ProcFs.Scan(readCommandLine: true);
        var me = Assert.Single(all, p => p.Pid == Environment.ProcessId);
        Assert.NotNull(me.CommandLine);
        Assert.NotEmpty(me.CommandLine!);
    }

    /// <summary>One nlmsghdr + cn_msg + proc_event with the given event words after the 16-byte event header.</summary>
    private static byte[] Event(uint what, params uint[] words)
    {
        int eventLength = 16 + Math.Max(16, words.Length * 4);
        int total = 16 + 20 + eventLength;
        var b = new byte[total];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), (ushort)eventLength);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(36), what);
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(36 + 16 + (i * 4)), words[i]);
        }

        return b;
    }
}
