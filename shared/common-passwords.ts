/**
 * Passwords (and password stems) that lead every leaked-password list. Kept
 * compact and in one string so the browser can load it with the strength
 * meter. Long variants are caught by the checker itself: it strips trailing
 * digits and symbols and undoes common letter swaps (p@ssw0rd → password)
 * before looking a password up here.
 */
const LIST = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey
letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777
121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew
tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer
michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess
joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix mobilemail mom monitor monitoring montana moon moscow william corvette hello martin heather secret
merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet
scooter orange 11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick
phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal
eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234
compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money cowboys 987654 london tennis 999999
ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver
redsox player nikita knight fender barney midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy
rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine
ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golf
heaven 1q2w3e4r5t 1q2w3e 1qazxsw2 zaq12wsx qwe123 qweasd qweasdzxc asdf1234 asdfghjkl zxcvbnm123 passw0rd p@ssword
password1 password12 password123 password1234 password12345 passwort motdepasse contrasena senha wachtwoord salasana
admin admin123 administrator root toor login welcome1 welcome123 changeme default guest user letmein123 iloveyou1
abcdef abcdefg abcdefgh abcd1234 abc12345 aa123456 a123456 a12345678 123abc 1234abcd qwerty1 qwerty12 qwerty123 qwerty1234
qwertyui qwertyu qazwsxedc 1qaz2wsx3edc zaq1zaq1 zaq1xsw2 1q2w3e4r5t6y asdfgh123 azerty azertyuiop qwertz qwertzuiop
football1 baseball1 superman1 princess1 monkey1 dragon1 sunshine1 shadow1 master1 michael1 jennifer1 jordan23 charlie1
starwars1 trustno1 blink182 linkinpark metallica nirvana slipknot eminem 50cent tupac beatles pinkfloyd ledzeppelin
pokemon pikachu naruto sasuke goku minecraft fortnite roblox zelda mario warcraft starcraft counterstrike halo playstation
xbox360 nintendo gameboy sega iphone android google facebook twitter instagram youtube yahoo hotmail gmail outlook microsoft
windows linux ubuntu apple macbook samsung123 nokia motorola blackberry dell lenovo asus toshiba sony
liverpool manchester chelsea1 barcelona realmadrid juventus milan bayern arsenal1 tottenham everton celtic rangers1
lovely loveme lover loveyou iloveu iloveyou2 babygirl baby angel1 angels sweet sweetie sweetheart honey honey1 sugar
cutie butterfly flowers rainbow unicorn kitty kitten hellokitty puppy doggie lucky lucky1 buddy buddy1 max molly sophie
bella daisy lucy chloe charlie2 rocky toby jack jake sam sammy oscar teddy bear teddybear snowball shadow12 ginger1
friends friend family mommy daddy mylove forever1 together happy happy1 smile funny crazy cool awesome perfect beautiful
pretty princess12 queen king kingkong superstar rockstar star stars moon1 sun sunny sunflower summer1 spring autumn
december november october september august july june april march february january monday friday sunday
123456a 123456q 1234561 12345a 12345q 1234560 0123456789 01234567 012345 1234567a 12345678a 123456789a 147258369 147258
159357 159951 123789 789456 789456123 456789 456123 741852963 963852741 321654 135790 246810 112358 100200 102030
112211 121314 123654789 147852 147852369 753951 951753 1212 2222 3333 4444 5555 6666 7777 8888 9999 1122 1313 2020
2021 2022 2023 2024 2025 2019 2018 1990 1991 1992 1993 1994 1995 1996 1997 1998 1999 1980 1985 1987 1988 1989 1234554321
11223344 12121212 13131313 69696969 00000000 99999999 77777777 55555555 44444444 33333333 22222222 123123a 123qweasd
qweqwe qwaszx qazqaz zxczxc asdasd asdqwe zxcasd qwerasdf qwertyasdf 1q1q1q1q aaaaaaaa aaaaaa1 zzzzzz xxxxxxxx
secret1 secret123 private hidden mysecret password01 pass123 pass1234 passpass mypassword mypass newpassword oldpassword
temp temp123 temppass test123 test1234 testing testtest tester demo demo123 sample example hello123 hello1 helloworld
whatever1 nothing something anything everything someone nobody letmein1 openup opensesame access14 accessdenied
security secure computer1 internet1 network server system office work business company manager support service
student school college teacher science education library english spanish french german china japan russia america
canada australia mexico brazil india germany1 france italy spain england london1 paris newyork chicago1 boston1 texas
california florida dallas1 houston phoenix1 denver seattle miami atlanta detroit vegas lasvegas hollywood
jesus jesus1 christ god godisgood blessed faith hope grace angel12 heaven1 church bible praise trinity genesis
michael12 david daniel1 james1 john john316 robert1 william1 thomas1 richard1 charles1 joseph1 christopher matthew1
anthony1 mark donald steven1 paul andrew1 joshua1 kenneth kevin brian george1 edward1 ronald timothy jason jeffrey
ryan jacob gary nicholas eric stephen jonathan larry justin1 scott frank benjamin gregory raymond samuel patrick1
alexander jack1 dennis jerry tyler aaron henry jose adam douglas nathan peter zachary kyle walter harold jeremy
ethan carl keith roger gerald christian terry sean arthur austin1 noah lawrence jesse joe bryan billy jordan1 albert
dylan bruce willie gabriel alan juan logan wayne ralph roy eugene randy vincent russell louis philip bobby johnny1
mary patricia linda barbara elizabeth jennifer2 maria susan margaret dorothy lisa nancy karen betty helen sandra donna
carol ruth sharon michelle1 laura sarah kimberly deborah jessica1 shirley cynthia angela melissa1 brenda amy anna
rebecca virginia kathleen pamela martha debra amanda1 stephanie carolyn christine marie janet catherine frances ann
joyce diane alice julie heather1 teresa doris gloria evelyn jean cheryl mildred katherine joan ashley1 judith rose
janice kelly nicole1 judy christina kathy theresa beverly denise tammy irene jane lori rachel1 marilyn andrea1 kathryn
louise sara anne jacqueline wanda bonnie julia ruby lois tina phyllis norma paula diana annie lillian emily robin
peggy crystal1 gladys rita dawn connie florence tracy edna tiffany carmen rosa cindy grace1 wendy victoria1 edith kim
sherry sylvia josephine thelma shannon sheila ethel ellen elaine marjorie carrie charlotte monica esther pauline emma
juanita anita rhonda hazel amber eva debbie april leslie clara lucille jamie joanne eleanor valerie danielle megan
alicia suzanne michele gail bertha darlene veronica jill erin geraldine lauren cathy joann lorraine lynn sally regina
erica beatrice dolores bernice audrey yvonne annette june1 samantha1 marion dana stacy ana renee ida vivian roberta
holly brittany melanie loretta yolanda jeanette laurie katie kristen vanessa alma sue elsie beth jeanne vicki carla
tara rosemary eileen terri gertrude lucy1 tonya ella stacey wilma gina kristin jessie natalie agnes vera willie1
charlene bessie delores melinda pearl arlene maureen colleen allison tamara joy georgia constance lillie claudia
jackie marcia tanya nellie minnie marlene heidi glenda lydia viola courtney marian stella caroline dora jo vickie
mattie terry1 maxine irma mabel marsha myrtle lena christy deanna patsy hilda gwendolyn jennie nora margie nina
cassandra leah penny kay priscilla naomi carole brandy1 olga billie dianne tracey leona jenny felicia sonia miriam
velma becky bobbie violet kristina toni misty mae shelly daisy1 ramona sherri erika katrina claire
dragonball dragonfly firebird thunderbird blackbird bluebird redbird eagle1 falcon1 hawk raven tiger tiger1 lion
lion1 panther jaguar leopard cheetah wolf wolfpack fox bear1 bigbear grizzly shark dolphin whale turtle snake cobra
viper python spider1 scorpion hornet wasp dragonfly1 phoenix12 griffin unicorn1 pegasus mustang1 stallion horse pony
monkey12 gorilla donkey zebra giraffe elephant hippo rhino chicken1 turkey duck goose penguin parrot
pizza burger cheese1 chocolate cookie1 candy cupcake banana1 apple1 orange1 cherry strawberry blueberry peach mango
lemon coffee1 tequila vodka whiskey beer budlight corona guinness heineken jackdaniels bacardi
ferrari1 porsche1 bmw mercedes1 audi toyota honda nissan mazda subaru lexus jeep chevy chevrolet ford mustanggt
corvette1 camaro1 harley1 harleydavidson yamaha1 suzuki kawasaki ducati
matrix1 neo trinity1 morpheus zion terminator predator alien rambo rocky1 batman1 superman12 spiderman ironman
hulk thor avengers marvel xmen wolverine deadpool joker gotham darthvader skywalker jedi yoda chewbacca starwars12
startrek enterprise spock gandalf1 frodo hobbit legolas aragorn mordor sauron harrypotter hogwarts hermione voldemort
simpsons homer bart scooby1 snoopy1 garfield mickeymouse donald1 goofy pluto tweety bugsbunny spongebob patrick12
letmeinnow iwantin getmein openthedoor logmein signin signup register account myaccount useraccount
trustnoone nopassword passwordpassword password!  pa55word pa55w0rd p4ssword p4ssw0rd passw0rd1 qwerty!
`;

export const commonPasswords: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
