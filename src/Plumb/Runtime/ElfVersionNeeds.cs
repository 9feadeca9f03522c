using System.Buffers.Binary;
using System.Text;

namespace Plumb.Runtime;

/// <summary>
/// Reads and edits the version-needs table (<c>.gnu.version_r</c>) of a little-endian ELF64 shared object.
/// </summary>
/// <remarks>
/// Layout per the System V gABI: <c>Verneed</c> is (vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32,
/// vn_next u32); each <c>Vernaux</c> is (vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32).
/// </remarks>
internal sealed class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The <c>VER_FLG_WEAK</c> flag: the loader only warns when the version is missing.</summary>
    internal const ushort WeakFlag = 0x2;

    private readonly byte[] _image;

    private ElfVersionNeeds(byte[] image, IReadOnlyList<Need> needs)
    {
        _image = image;
        Needs = needs;
    }

    /// <summary>One required version of one needed library.</summary>
    internal sealed record Need(string Library, string Version, ushort Flags, int FlagsOffset)
    {
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    public IReadOnlyList<Need> Needs { get; }

    public static ElfVersionNeeds Parse(byte[] image)
    {
        var s = image.AsSpan();
        if (s.Length < 64 || s[0] != 0x7f || s[1] != (byte)'E' || s[2] != (byte)'L' || s[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (s[4] != 2 || s[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 is supported");

        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(s[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(s[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(s[0x3C..]);

        var needs = new List<Need>();
        for (int i = 0; i < shnum; i++)
        {
            var sh = s[(int)(shoff + (ulong)(i * shentsize))..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed)
                continue;

            // sh_link names the string table; sh_info is the number of Verneed entries.
            int offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            var strtabHeader = s[(int)(shoff + (ulong)(link * shentsize))..];
            int strtab = (int)BinaryPrimitives.ReadUInt64LittleEndian(strtabHeader[0x18..]);

            int vn = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(s[(vn + 2)..]);
                string file = ReadString(s, strtab + (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(vn + 4)..]));
                int aux = vn + (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(vn + 8)..]);
                for (int a = 0; a < auxCount; a++)
                {
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(s[(aux + 4)..]);
                    string name = ReadString(s, strtab + (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(aux + 8)..]));
                    needs.Add(new Need(file, name, flags, aux + 4));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(aux + 12)..]);
                }
                vn += (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(vn + 12)..]);
            }
        }
        return new ElfVersionNeeds(image, needs);
    }

    /// <summary>Returns a copy of the image with the given need marked weak.</summary>
    public byte[] WithWeak(Need need)
    {
        var copy = (byte[])_image.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(need.FlagsOffset), (ushort)(need.Flags | WeakFlag));
        return copy;
    }

    private static string ReadString(ReadOnlySpan<byte> s, int at)
    {
        int end = s[at..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(s.Slice(at, end));
    }
}
