using System.Buffers.Binary;

namespace HaTools.Core.Linux.Vrrp;

/// <summary>
/// Wire format of the kernel's process events connector (NETLINK_CONNECTOR, CN_IDX_PROC): nlmsghdr, cn_msg,
/// then struct proc_event (uapi linux/connector.h, linux/cn_proc.h). Host byte order, as the kernel writes it.
/// Untrusted input: <see cref="TryRead"/> never throws and skips what it does not understand.
/// </summary>
public static class ProcConnectorMessages
{
    public const int NetlinkConnector = 11;
    public const uint CnIdxProc = 1;
    public const uint CnValProc = 1;
    public const int NetlinkHeaderLength = 16;
    public const int CnMsgLength = 20;
    public const int ListenMessageLength = NetlinkHeaderLength + CnMsgLength + 4;

    private const ushort NlmsgDone = 3;
    private const uint ProcCnMcastListen = 1;
    private const uint ProcCnMcastIgnore = 2;
    private const uint EventNone = 0x0;
    private const uint EventFork = 0x1;
    private const uint EventExec = 0x2;
    private const uint EventComm = 0x200;
    private const uint EventExit = 0x80000000;

    /// <summary>PROC_CN_MCAST_LISTEN (or IGNORE) addressed to the proc connector.</summary>
    public static int WriteListen(Span<byte> buffer, bool listen, uint portId)
    {
        buffer = buffer[..ListenMessageLength];
        buffer.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, ListenMessageLength);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[4..], NlmsgDone);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[12..], portId);
        Span<byte> cn = buffer[NetlinkHeaderLength..];
        BinaryPrimitives.WriteUInt32LittleEndian(cn, CnIdxProc);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[4..], CnValProc);
        BinaryPrimitives.WriteUInt16LittleEndian(cn[16..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(cn[CnMsgLength..], listen ? ProcCnMcastListen : ProcCnMcastIgnore);
        return ListenMessageLength;
    }

    /// <summary>Appends the process-level events of one datagram to <paramref name="into"/>; returns false if any part was malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, List<ProcEvent> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        bool clean = true;
        while (datagram.Length >= NetlinkHeaderLength)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < NetlinkHeaderLength || length > datagram.Length)
            {
                return false;
            }

            clean &= TryReadOne(datagram[NetlinkHeaderLength..length], into);
            int aligned = (length + 3) & ~3;
            datagram = aligned >= datagram.Length ? [] : datagram[aligned..];
        }

        return clean && datagram.IsEmpty;
    }

    private static bool TryReadOne(ReadOnlySpan<byte> payload, List<ProcEvent> into)
    {
        if (payload.Length < CnMsgLength)
        {
            return false;
        }

        uint idx = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        uint val = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        int dataLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[16..]);
        if (idx != CnIdxProc || val != CnValProc)
        {
            return true; // another connector user: not ours, not an error
        }

        ReadOnlySpan<byte> ev = payload[CnMsgLength..];
        if (dataLength > ev.Length || dataLength < 16)
        {
            return false;
        }

        ev = ev[..dataLength];
        uint what = BinaryPrimitives.ReadUInt32LittleEndian(ev);
        ReadOnlySpan<byte> data = ev[16..];
        switch (what)
        {
            case EventNone when data.Length >= 4:
                into.Add(new ProcEvent(ProcEventKind.Ack, 0, Error: (int)BinaryPrimitives.ReadUInt32LittleEndian(data)));
                return true;
            case EventFork when data.Length >= 16:
            {
                int parentTgid = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
                int childPid = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
                int childTgid = BinaryPrimitives.ReadInt32LittleEndian(data[12..]);
                if (childPid == childTgid)
                {
                    // A new process, not a new thread of an existing one.
                    into.Add(new ProcEvent(ProcEventKind.Fork, childTgid, parentTgid));
                }

                return true;
            }

            case EventExec or EventComm or EventExit when data.Length >= 8:
            {
                int pid = BinaryPrimitives.ReadInt32LittleEndian(data);
                int tgid = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
                if (what == EventExit && pid != tgid)
                {
                    return true; // a thread ended; the process lives on
                }

                ProcEventKind kind = what switch { EventExec => ProcEventKind.Exec, EventComm => ProcEventKind.Comm, _ => ProcEventKind.Exit };
                into.Add(new ProcEvent(kind, tgid));
                return true;
            }

            case EventNone or EventFork or EventExec or EventComm or EventExit:
                return false;
            default:
                return true; // uid/gid/sid/ptrace/coredump: nothing for process counting
        }
    }
}
