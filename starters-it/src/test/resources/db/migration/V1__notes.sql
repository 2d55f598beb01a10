create sequence notes_seq start with 1 increment by 50;
create table notes (id bigint primary key, text varchar(255));
