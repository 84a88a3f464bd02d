ld #len
ldi #-1
ldx 4*([14]&0xf)
ldxb 4*([0]&0xf)
ldh [x + 2]
ldb [x+5]
ld rand
ldx M[15]
st M[0]
stx M[1]
add x
sub #0b101
mul #017
div #3
neg
and %x
or #0xffffffff
xor x
lsh #31
rsh x
tax
txa
jmp l
l: jneq x, m
m: jlt #3, n
n: jle #4, o
o: ret %a
